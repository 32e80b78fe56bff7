package io.firebreak.server.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Shows an incident's runbook. An http(s) URL becomes a link; a relative path of a local {@code .md}
 * file is rendered as Markdown only when the file resolves (symbolic links followed) inside one of
 * the allowed roots — the config directory and {@code $FIREBREAK_HOME} — so a runbook reference that
 * came with an alert can never read files elsewhere. Markdown is rendered with raw HTML escaped and
 * link URLs sanitised; anything else is shown as plain text.
 */
final class Runbooks {
    static final long MAX_BYTES = 512 * 1024;

    private final List<Path> roots;
    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    Runbooks(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** What the incident page shows for a runbook reference; exactly one of link, html or text is set. */
    record Shown(String link, String html, String text, String note) {
        boolean hasLink() {
            return !link.isEmpty();
        }

        boolean hasHtml() {
            return !html.isEmpty();
        }

        boolean hasText() {
            return !text.isEmpty();
        }

        boolean hasNote() {
            return !note.isEmpty();
        }

        static Shown text(String text, String note) {
            return new Shown("", "", text, note);
        }
    }

    Optional<Shown> show(String runbook) {
        String reference = runbook == null ? "" : runbook.strip();
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        if (Links.isHttp(reference)) {
            return Optional.of(new Shown(reference, "", "", ""));
        }
        if (!reference.toLowerCase(Locale.ROOT).endsWith(".md") || hasScheme(reference)) {
            return Optional.of(Shown.text(reference, ""));
        }
        Optional<Path> file = locate(reference);
        if (file.isEmpty()) {
            return Optional.of(Shown.text(reference, "not found in the config directory or $FIREBREAK_HOME"));
        }
        try {
            if (Files.size(file.get()) > MAX_BYTES) {
                return Optional.of(Shown.text(reference, "over " + MAX_BYTES / 1024 + " KiB; open it from the repository"));
            }
            String markdown = Files.readString(file.get(), StandardCharsets.UTF_8);
            return Optional.of(new Shown("", renderer.render(parser.parse(markdown)), "", ""));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.of(Shown.text(reference, "cannot be read"));
        }
    }

    /** The file a relative reference names, if it exists inside an allowed root after resolving links. */
    Optional<Path> locate(String reference) {
        Path relative;
        try {
            relative = Path.of(reference);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (relative.isAbsolute() || reference.startsWith("/") || reference.startsWith("\\")) {
            return Optional.empty();
        }
        for (Path root : roots) {
            try {
                Path realRoot = root.toRealPath();
                Path candidate = realRoot.resolve(relative).normalize();
                if (!candidate.startsWith(realRoot) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                Path real = candidate.toRealPath();
                if (real.startsWith(realRoot)) {
                    return Optional.of(real);
                }
            } catch (IOException | InvalidPathException e) {
                // a missing root or an unreadable path is simply not a match
            }
        }
        return Optional.empty();
    }

    private static boolean hasScheme(String reference) {
        return reference.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }
}
