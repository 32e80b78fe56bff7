package io.firebreak.core.runbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the runbook checks read from a Markdown document: its headings, its links and its fenced
 * code blocks, each with the 1-based line it starts on. Parsing Markdown is the server's job (with
 * a CommonMark parser); this is the parsed model, so the checks in {@link RunbookCheck} stay pure
 * and are tested without a parser. Text in code, HTML and comments is never a heading or a link.
 */
public record MarkdownOutline(List<Heading> headings, List<Link> links, List<CodeBlock> codeBlocks) {

    public MarkdownOutline {
        headings = List.copyOf(headings);
        links = List.copyOf(links);
        codeBlocks = List.copyOf(codeBlocks);
    }

    /** A heading: level 1 for {@code #}, its text as rendered (markup removed), and its line. */
    public record Heading(int level, String text, int line) {}

    /** A link or image target as written (a path, an {@code #anchor} or a URL), and the line it starts on. */
    public record Link(String target, int line) {}

    /** A fenced code block: the first word of its info string in lower case ("" if none), its lines, the line of the first. */
    public record CodeBlock(String language, List<String> lines, int firstLine) {
        public CodeBlock {
            lines = List.copyOf(lines);
        }
    }

    /** GitHub's anchors of the headings, in order: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
    public List<String> anchors() {
        Map<String, Integer> seen = new HashMap<>();
        List<String> anchors = new ArrayList<>();
        for (Heading heading : headings) {
            String base = slug(heading.text());
            int earlier = seen.merge(base, 1, Integer::sum) - 1;
            anchors.add(earlier == 0 ? base : base + "-" + earlier);
        }
        return anchors;
    }

    /** The text of the nearest level-2 heading above {@code line}, or "" above the first. */
    public String sectionAt(int line) {
        String section = "";
        for (Heading heading : headings) {
            if (heading.line() >= line) {
                break;
            }
            if (heading.level() == 2) {
                section = heading.text();
            }
        }
        return section;
    }

    private static String slug(String text) {
        StringBuilder slug = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }
}
