package io.firebreak.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookCheckTest {

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
    void completeRunbookPasses() {
        assertThat(RunbookCheck.structure(Markdown.parse(runbook(RunbookSections.REQUIRED, QUERY)))).isEmpty();
    }

    @Test
    void missingSectionIsReportedAtTheNextOne() {
        var sections = RunbookSections.REQUIRED.stream().filter(s -> !s.equals("Symptoms")).toList();
        var findings = RunbookCheck.structure(Markdown.parse(runbook(sections, QUERY)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo("missing section 'Symptoms' (expected before 'Detection')");
            assertThat(f.line()).isEqualTo(11);
        });
    }

    @Test
    void sectionOutOfOrderIsReportedWhereItIs() {
        var sections = new java.util.ArrayList<>(RunbookSections.REQUIRED);
        sections.remove("Validation");
        sections.add("Validation");
        var findings = RunbookCheck.structure(Markdown.parse(runbook(sections, QUERY)));
        assertThat(findings).extracting(RunbookCheck.Finding::message)
                .containsExactly("section 'Validation' is out of order: it belongs before 'Prevention'");
    }

    @Test
    void detectionWithoutQueryIsAnError() {
        var findings = RunbookCheck.structure(Markdown.parse(runbook(RunbookSections.REQUIRED, "```bash\ncurl x\n```\n")));
        assertThat(findings).extracting(RunbookCheck.Finding::message)
                .containsExactly("the Detection section has no PromQL query (put each in a ```promql block)");
    }

    @Test
    void queriesAreSplitOnBlankLinesWithoutComments() {
        var queries = RunbookCheck.detectionQueries(Markdown.parse(runbook(RunbookSections.REQUIRED, QUERY)));
        assertThat(queries).extracting(RunbookCheck.Query::promql).containsExactly("pg_up{job=\"postgres\"}", "rate(x[5m])\n> 0");
    }

    @Test
    void headingsGetGithubAnchorsAndCodeIsIgnored() {
        var markdown = Markdown.parse("""
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
        assertThat(markdown.anchors()).containsExactly("title", "immediate-actions-0-5-minutes",
                "option-1-roll-back-to-the-last-good-release", "notes", "notes-1");
        assertThat(markdown.links()).extracting(Markdown.Link::target).containsExactly("../GUIDE.md#top");
        assertThat(markdown.links().get(0).line()).isEqualTo(9);
    }
}
