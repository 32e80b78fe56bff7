package io.firebreak.server.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.runbook.MarkdownOutline;
import io.firebreak.core.runbook.MarkdownOutline.CodeBlock;
import io.firebreak.core.runbook.MarkdownOutline.Heading;
import io.firebreak.core.runbook.MarkdownOutline.Link;
import io.firebreak.core.runbook.RunbookCheck;
import io.firebreak.core.runbook.RunbookSections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown to outline with commonmark-java: what GitHub renders as a heading, link or code block, on the right line. */
class MarkdownOutlineParserTest {

    static String runbook(List<String> sections, String detectionBody) {
        StringBuilder out = new StringBuilder("# Database down\n\n");
        for (String section : sections) {
            out.append("## ").append(section).append("\n\n");
            out.append(section.equals("Detection") ? detectionBody : "text\n").append('\n');
        }
        return out.toString();
    }

    static final String QUERY = "```promql\n# the rule\npg_up{job=\"postgres\"}\n\nrate(x[5m])\n  > 0\n```\n";

    @Test
    void headingsGetGithubAnchorsAndCodeIsIgnored() {
        var outline = MarkdownOutlineParser.parse("""
                # Title
                ## Immediate Actions (0-5 minutes)
                ### Option 1: Roll back to the last good release
                ## Notes
                ## Notes
                ```bash
                ## not a heading [nor](a-link.md)
                ```
                See `[code](not-a-link.md)` and [the guide](../GUIDE.md#top) <!-- [hidden](x.md) -->
                """);
        assertThat(outline.anchors()).containsExactly("title", "immediate-actions-0-5-minutes",
                "option-1-roll-back-to-the-last-good-release", "notes", "notes-1");
        assertThat(outline.links()).containsExactly(new Link("../GUIDE.md#top", 9));
        assertThat(outline.codeBlocks()).containsExactly(new CodeBlock("bash", List.of("## not a heading [nor](a-link.md)"), 7));
    }

    @Test
    void theFixtureRunbookGivesTheSameFindingsAndLinesAsBefore() {
        var sections = RunbookSections.REQUIRED.stream().filter(s -> !s.equals("Symptoms")).toList();
        var findings = RunbookCheck.structure(MarkdownOutlineParser.parse(runbook(sections, QUERY)));
        assertThat(findings).containsExactly(new RunbookCheck.Finding(11, true, "missing section 'Symptoms' (expected before 'Detection')"));

        var queries = RunbookCheck.detectionQueries(MarkdownOutlineParser.parse(runbook(RunbookSections.REQUIRED, QUERY)));
        assertThat(queries).containsExactly(new RunbookCheck.Query("pg_up{job=\"postgres\"}", 19),
                new RunbookCheck.Query("rate(x[5m])\n> 0", 21));
    }

    @Test
    void headingTextIsTheRenderedText() {
        var outline = MarkdownOutlineParser.parse("""
                # The `redis` runbook
                ## **Detection** (see [alerts](alerts.md))
                ## Notes <!-- internal -->
                """);
        assertThat(outline.headings()).containsExactly(new Heading(1, "The redis runbook", 1),
                new Heading(2, "Detection (see alerts)", 2), new Heading(2, "Notes", 3));
        assertThat(outline.anchors()).containsExactly("the-redis-runbook", "detection-see-alerts", "notes");
        assertThat(outline.links()).containsExactly(new Link("alerts.md", 2));
    }

    @Test
    void whatARegexScannerMissedIsFound() {
        var outline = MarkdownOutlineParser.parse("""
                Validation
                ----------

                A [reference link][guide] and a link whose text
                [wraps over
                two lines](wrapped.md), an image ![graph](img/graph.png)
                and <https://example.com/auto>.

                [guide]: ../GUIDE.md#top

                ~~~PromQL extra words
                up == 0
                ~~~
                """);
        assertThat(outline.headings()).containsExactly(new Heading(2, "Validation", 1));
        assertThat(outline.links()).containsExactly(new Link("../GUIDE.md#top", 4), new Link("wrapped.md", 5),
                new Link("img/graph.png", 6), new Link("https://example.com/auto", 7));
        assertThat(outline.codeBlocks()).containsExactly(new CodeBlock("promql", List.of("up == 0"), 12));
    }

    @Test
    void commentsIndentedCodeAndUnclosedFencesHideTheirContent() {
        var outline = MarkdownOutlineParser.parse("""
                <!--
                ## Not a heading
                [not a link](hidden.md)
                -->

                    [indented code](not-a-link.md)

                ## Detection

                ```promql
                rate(errors[5m]) > 0.05
                """);
        assertThat(outline.headings()).containsExactly(new Heading(2, "Detection", 8));
        assertThat(outline.links()).isEmpty();
        assertThat(outline.codeBlocks()).containsExactly(new CodeBlock("promql", List.of("rate(errors[5m]) > 0.05"), 11));
        assertThat(RunbookCheck.detectionQueries(outline)).containsExactly(new RunbookCheck.Query("rate(errors[5m]) > 0.05", 11));
    }

    @Test
    void windowsLineEndingsKeepTheLines() {
        MarkdownOutline outline = MarkdownOutlineParser.parse("# T\r\n\r\n## Detection\r\n\r\n```promql\r\nup\r\n```\r\nSee [x](x.md)\r\n");
        assertThat(outline.headings()).containsExactly(new Heading(1, "T", 1), new Heading(2, "Detection", 3));
        assertThat(outline.codeBlocks()).containsExactly(new CodeBlock("promql", List.of("up"), 6));
        assertThat(outline.links()).containsExactly(new Link("x.md", 8));
    }
}
