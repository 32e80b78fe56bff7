package io.firebreak.server.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to safe HTML for documents people and Firebreak write together (post-mortems): CommonMark
 * with raw HTML escaped and unsafe link schemes dropped, plus pipe tables (the post-mortem's
 * metadata, timeline and action items), which core CommonMark leaves as text. A table's cells go
 * through the same escaping renderer, so nothing in a cell can become markup.
 */
final class MarkdownView {
    private static final Pattern DELIMITER = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private MarkdownView() {}

    static String render(String markdown) {
        // HTML comments (the template's writing guidance, Firebreak's block markers) are invisible in Markdown viewers: here too
        String[] lines = COMMENT.matcher(markdown).replaceAll("").split("\n", -1);
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
            }
            boolean tableStart = !fenced && line.strip().startsWith("|") && i + 1 < lines.length && DELIMITER.matcher(lines[i + 1]).matches();
            if (!tableStart) {
                text.append(line).append('\n');
                i++;
                continue;
            }
            out.append(RENDERER.render(PARSER.parse(text.toString())));
            text.setLength(0);
            List<String> header = cells(line);
            i += 2;
            out.append("<table>\n<thead><tr>");
            header.forEach(cell -> out.append("<th>").append(inline(cell)).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            while (i < lines.length && lines[i].strip().startsWith("|")) {
                out.append("<tr>");
                List<String> row = cells(lines[i]);
                for (int c = 0; c < header.size(); c++) {
                    out.append("<td>").append(c < row.size() ? inline(row.get(c)) : "").append("</td>");
                }
                out.append("</tr>\n");
                i++;
            }
            out.append("</tbody>\n</table>\n");
        }
        out.append(RENDERER.render(PARSER.parse(text.toString())));
        return out.toString();
    }

    /** The cells of a table row: split at pipes that are not escaped, outer pipes dropped. */
    static List<String> cells(String line) {
        String row = line.strip();
        if (row.startsWith("|")) {
            row = row.substring(1);
        }
        if (row.endsWith("|") && !row.endsWith("\\|")) {
            row = row.substring(0, row.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append("\\|");
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    /** One cell as inline HTML: rendered as a paragraph, without the paragraph. */
    private static String inline(String cell) {
        String html = RENDERER.render(PARSER.parse(cell)).strip();
        if (html.startsWith("<p>") && html.endsWith("</p>")) {
            html = html.substring(3, html.length() - 4);
        }
        return html;
    }
}
