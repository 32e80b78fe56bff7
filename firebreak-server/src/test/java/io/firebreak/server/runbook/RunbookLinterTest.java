package io.firebreak.server.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.runbook.RunbookSections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter over files: links and anchors as CommonMark reads them, and the shipped runbooks. */
class RunbookLinterTest {
    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

    @TempDir
    Path dir;

    RunbookLinter linter() {
        return new RunbookLinter(path -> dir.relativize(path).toString());
    }

    static String runbook(String title, String validation) {
        StringBuilder out = new StringBuilder("# " + title + "\n\n");
        for (String section : RunbookSections.REQUIRED) {
            out.append("## ").append(section).append("\n\n");
            out.append(switch (section) {
                case "Detection" -> "```promql\nup == 0\n```\n";
                case "Validation" -> validation;
                default -> "Text.\n";
            }).append('\n');
        }
        return out.toString();
    }

    @Test
    void referenceLinksAndWrappedLinksAreCheckedAndCodeIsNot() throws Exception {
        Files.writeString(dir.resolve("01-cache.md"), runbook("Cache `redis` *down*", "Fine.\n"));
        Files.writeString(dir.resolve("02-links.md"), runbook("Links", """
                See [the cache runbook][cache] and [its title](01-cache.md#cache-redis-down), then
                [a link that
                wraps](03-missing.md).

                    [indented code](99-not-checked.md)

                [cache]: 01-cache.md#no-such-heading
                """));

        var report = linter().lint(dir, List.of(), Optional.empty(), NOW);

        // Validation's body starts on line 39 of the generated runbook.
        assertThat(report.errors()).containsExactly(
                "02-links.md:39: broken anchor '#no-such-heading': no such heading in 01-cache.md",
                "02-links.md:40: broken link '03-missing.md': 03-missing.md does not exist");
        assertThat(report.runbooks()).isEqualTo(2);
        assertThat(report.queries()).isEqualTo(2);
    }

    @Test
    void theShippedRunbooksHaveNoErrors() {
        Path runbooks = Path.of("..", "docs", "runbooks").toAbsolutePath().normalize();
        var report = new RunbookLinter(path -> runbooks.relativize(path).toString()).lint(runbooks, List.of(), Optional.empty(), NOW);
        assertThat(report.errors()).isEmpty();
        assertThat(report.runbooks()).isEqualTo(11);
        assertThat(report.queries()).isEqualTo(57);   // as many as the regex scanner found before
    }
}
