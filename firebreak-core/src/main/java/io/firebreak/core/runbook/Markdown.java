package io.firebreak.core.runbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a markdown document a runbook check needs: headings with their GitHub anchors,
 * links, and fenced code blocks with the section they sit in. Line numbers are 1-based. Text in
 * fenced code, inline code and HTML comments is neither a heading nor a link.
 */
public record Markdown(List<Heading> headings, List<Link> links, List<CodeBlock> codeBlocks) {

    public record Heading(int level, String text, String anchor, int line) {}

    public record Link(String target, int line) {}

    /** A fenced block; {@code section} is the nearest H2 above it. */
    public record CodeBlock(String language, List<String> lines, int firstLine, String section) {}

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([\\w+-]*).*$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    public static Markdown parse(String text) {
        List<Heading> headings = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<CodeBlock> blocks = new ArrayList<>();
        Map<String, Integer> anchorCounts = new HashMap<>();
        String[] lines = text.split("\n", -1);
        String fence = null;
        String language = "";
        List<String> blockLines = new ArrayList<>();
        int blockStart = 0;
        boolean inComment = false;
        String section = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "");
            int number = i + 1;
            if (fence != null) {
                if (line.strip().startsWith(fence) && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    blocks.add(new CodeBlock(language, List.copyOf(blockLines), blockStart, section));
                    fence = null;
                } else {
                    blockLines.add(line);
                }
                continue;
            }
            if (inComment) {
                if (line.contains("-->")) {
                    inComment = false;
                    line = line.substring(line.indexOf("-->") + 3);
                } else {
                    continue;
                }
            }
            Matcher fenceMatch = FENCE.matcher(line);
            if (fenceMatch.matches()) {
                fence = fenceMatch.group(1);
                language = fenceMatch.group(2).toLowerCase(Locale.ROOT);
                blockLines = new ArrayList<>();
                blockStart = number + 1;
                continue;
            }
            line = stripComments(line);
            if (line.contains("<!--")) {
                inComment = true;
                line = line.substring(0, line.indexOf("<!--"));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches() && !line.startsWith("    ")) {
                String headingText = heading.group(2);
                String anchor = anchor(headingText, anchorCounts);
                headings.add(new Heading(heading.group(1).length(), headingText, anchor, number));
                if (heading.group(1).length() == 2) {
                    section = headingText;
                }
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(link.group(1), number));
            }
        }
        return new Markdown(List.copyOf(headings), List.copyOf(links), List.copyOf(blocks));
    }

    private static String stripComments(String line) {
        return line.replaceAll("<!--.*?-->", "");
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
    static String anchor(String heading, Map<String, Integer> counts) {
        String plain = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        for (char c : plain.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        String base = slug.toString();
        int seen = counts.merge(base, 1, Integer::sum) - 1;
        return seen == 0 ? base : base + "-" + seen;
    }

    /** The anchors of all headings. */
    public List<String> anchors() {
        return headings.stream().map(Heading::anchor).toList();
    }
}
