package io.firebreak.core.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.runbook.MarkdownOutline.CodeBlock;
import io.firebreak.core.runbook.MarkdownOutline.Heading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure runbook checks, on outlines built by hand (parsing Markdown is the server's, tested there). */
class RunbookCheckTest {

    /**
     * The outline of a runbook laid out as {@code # Database down}, then each section as a heading,
     * a blank line, its body and a blank line; Detection's body is {@code detection}, the others one
     * line of text.
     */
    static MarkdownOutline runbook(List<String> sections, List<String> detection, String language) {
        List<Heading> headings = new ArrayList<>(List.of(new Heading(1, "Database down", 1)));
        List<CodeBlock> blocks = new ArrayList<>();
        int line = 3;
        for (String section : sections) {
            headings.add(new Heading(2, section, line));
            line += 2;
            if (section.equals("Detection")) {
                blocks.add(new CodeBlock(language, detection, line + 1));
                line += detection.size() + 2;
            } else {
                line += 1;
            }
            line += 1;
        }
        return new MarkdownOutline(headings, List.of(), blocks);
    }

    static final List<String> QUERY = List.of("# the rule", "pg_up{job=\"postgres\"}", "", "rate(x[5m])", "  > 0");

    @Test
    void completeRunbookPasses() {
        assertThat(RunbookCheck.structure(runbook(RunbookSections.REQUIRED, QUERY, "promql"))).isEmpty();
    }

    @Test
    void missingSectionIsReportedAtTheNextOne() {
        var sections = RunbookSections.REQUIRED.stream().filter(s -> !s.equals("Symptoms")).toList();
        var findings = RunbookCheck.structure(runbook(sections, QUERY, "promql"));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo("missing section 'Symptoms' (expected before 'Detection')");
            assertThat(f.line()).isEqualTo(11);
        });
    }

    @Test
    void sectionOutOfOrderIsReportedWhereItIs() {
        var sections = new ArrayList<>(RunbookSections.REQUIRED);
        sections.remove("Validation");
        sections.add("Validation");
        var findings = RunbookCheck.structure(runbook(sections, QUERY, "promql"));
        assertThat(findings).extracting(RunbookCheck.Finding::message)
                .containsExactly("section 'Validation' is out of order: it belongs before 'Prevention'");
    }

    @Test
    void missingTitleIsReportedOnTheFirstLine() {
        var titled = runbook(RunbookSections.REQUIRED, QUERY, "promql");
        var untitled = new MarkdownOutline(titled.headings().subList(1, titled.headings().size()), List.of(), titled.codeBlocks());
        assertThat(RunbookCheck.structure(untitled)).containsExactly(new RunbookCheck.Finding(1, true, "a runbook starts with a '# Title' heading"));
    }

    @Test
    void detectionWithoutQueryIsAnError() {
        var findings = RunbookCheck.structure(runbook(RunbookSections.REQUIRED, List.of("curl x"), "bash"));
        assertThat(findings).extracting(RunbookCheck.Finding::message)
                .containsExactly("the Detection section has no PromQL query (put each in a ```promql block)");
    }

    @Test
    void queriesAreSplitOnBlankLinesWithoutComments() {
        var outline = runbook(RunbookSections.REQUIRED, QUERY, "promql");
        var queries = RunbookCheck.detectionQueries(outline);
        int first = outline.codeBlocks().get(0).firstLine();
        assertThat(queries).containsExactly(new RunbookCheck.Query("pg_up{job=\"postgres\"}", first + 1),
                new RunbookCheck.Query("rate(x[5m])\n> 0", first + 3));
    }

    @Test
    void promqlOutsideDetectionIsNoDetectionQuery() {
        var outline = new MarkdownOutline(List.of(new Heading(1, "T", 1), new Heading(2, "Detection", 3), new Heading(2, "Validation", 5)),
                List.of(), List.of(new CodeBlock("promql", List.of("up"), 7)));
        assertThat(RunbookCheck.detectionQueries(outline)).isEmpty();
        assertThat(outline.sectionAt(7)).isEqualTo("Validation");
        assertThat(outline.sectionAt(4)).isEqualTo("Detection");
        assertThat(outline.sectionAt(2)).isEmpty();
    }

    @Test
    void headingsGetGithubAnchors() {
        var outline = new MarkdownOutline(List.of(
                new Heading(1, "Title", 1),
                new Heading(2, "Immediate Actions (0-5 minutes)", 2),
                new Heading(3, "Option 1: Roll back to the last good release", 3),
                new Heading(2, "Notes", 4),
                new Heading(2, "Notes", 5),
                new Heading(2, "snake_case & Ünïcode", 6)), List.of(), List.of());
        assertThat(outline.anchors()).containsExactly("title", "immediate-actions-0-5-minutes",
                "option-1-roll-back-to-the-last-good-release", "notes", "notes-1", "snake_case--ünïcode");
    }
}
