package io.firebreak.server.config;

import java.util.List;

/**
 * {@code postmortems:} where post-mortem documents live (relative to the config file), which
 * severities must have one, and how long after resolution one is due.
 *
 * @param dir      the directory of the Markdown documents (default {@code docs/post-mortems})
 * @param required the severities that need a post-mortem, as SEV1..SEV4 (default SEV1 and SEV2)
 * @param dueAfter how long after resolution it is due, e.g. {@code 5d} (default)
 */
public record PostMortemConfig(String dir, List<String> required, String dueAfter) {
    public PostMortemConfig {
        dir = dir == null || dir.isBlank() ? "docs/post-mortems" : dir.strip();
        required = required == null ? List.of("SEV1", "SEV2") : List.copyOf(required);
        dueAfter = dueAfter == null || dueAfter.isBlank() ? "5d" : dueAfter.strip();
    }

    public static PostMortemConfig defaults() {
        return new PostMortemConfig(null, null, null);
    }
}
