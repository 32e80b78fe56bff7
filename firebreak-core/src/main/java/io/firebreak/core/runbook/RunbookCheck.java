package io.firebreak.core.runbook;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one runbook that need nothing but its outline: the title, the required sections in
 * order, and at least one PromQL block in Detection. Links and rule mappings need other files and
 * are checked by the caller; parsing the Markdown into a {@link MarkdownOutline} is the server's.
 */
public final class RunbookCheck {
    private RunbookCheck() {}

    /** One finding: an error fails the lint, a warning is printed. */
    public record Finding(int line, boolean error, String message) {}

    /** A PromQL query found in a Detection block, with the line it starts on. */
    public record Query(String promql, int line) {}

    public static List<Finding> structure(MarkdownOutline markdown) {
        List<Finding> findings = new ArrayList<>();
        List<MarkdownOutline.Heading> headings = markdown.headings();
        if (headings.isEmpty() || headings.get(0).level() != 1) {
            findings.add(new Finding(1, true, "a runbook starts with a '# Title' heading"));
        }
        List<MarkdownOutline.Heading> sections = headings.stream().filter(h -> h.level() == 2).toList();
        java.util.Set<Integer> present = new java.util.HashSet<>();
        for (MarkdownOutline.Heading section : sections) {
            present.add(indexOf(RunbookSections.key(section.text())));
        }
        int next = 0;
        int lastLine = 1;
        for (MarkdownOutline.Heading section : sections) {
            String key = RunbookSections.key(section.text());
            int position = indexOf(key);
            if (position < 0) {
                lastLine = section.line();
                continue;   // extra sections are allowed between the required ones
            }
            if (position < next) {
                findings.add(new Finding(section.line(), true, "section '" + section.text() + "' is out of order: it belongs before '"
                        + RunbookSections.REQUIRED.get(next - 1) + "'"));
                continue;
            }
            for (int missing = next; missing < position; missing++) {
                if (present.contains(missing)) {
                    continue;   // it is there, later: reported as out of order where it stands
                }
                findings.add(new Finding(section.line(), true, "missing section '" + RunbookSections.REQUIRED.get(missing)
                        + "' (expected before '" + section.text() + "')"));
            }
            next = position + 1;
            lastLine = section.line();
        }
        for (int missing = next; missing < RunbookSections.REQUIRED.size(); missing++) {
            if (present.contains(missing)) {
                continue;
            }
            findings.add(new Finding(lastLine, true, "missing section '" + RunbookSections.REQUIRED.get(missing) + "'"));
        }
        boolean hasDetection = sections.stream().anyMatch(h -> RunbookSections.key(h.text()).equals(RunbookSections.key(RunbookSections.DETECTION)));
        if (hasDetection && detectionQueries(markdown).isEmpty()) {
            int line = sections.stream().filter(h -> RunbookSections.key(h.text()).equals("detection")).findFirst().orElseThrow().line();
            findings.add(new Finding(line, true, "the Detection section has no PromQL query (put each in a ```promql block)"));
        }
        return findings;
    }

    private static int indexOf(String key) {
        for (int i = 0; i < RunbookSections.REQUIRED.size(); i++) {
            if (RunbookSections.key(RunbookSections.REQUIRED.get(i)).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The queries of the ```promql blocks in Detection: separated by blank lines, {@code #} lines are comments. */
    public static List<Query> detectionQueries(MarkdownOutline markdown) {
        List<Query> queries = new ArrayList<>();
        for (MarkdownOutline.CodeBlock block : markdown.codeBlocks()) {
            if (!block.language().equals("promql") || !RunbookSections.key(markdown.sectionAt(block.firstLine())).equals("detection")) {
                continue;
            }
            StringBuilder current = new StringBuilder();
            int start = 0;
            for (int i = 0; i <= block.lines().size(); i++) {
                String line = i < block.lines().size() ? block.lines().get(i).strip() : "";
                if (line.isEmpty()) {
                    if (!current.isEmpty()) {
                        queries.add(new Query(current.toString().strip(), start));
                        current.setLength(0);
                    }
                } else if (!line.startsWith("#")) {
                    if (current.isEmpty()) {
                        start = block.firstLine() + i;
                    }
                    current.append(line).append('\n');
                }
            }
        }
        return queries;
    }
}
