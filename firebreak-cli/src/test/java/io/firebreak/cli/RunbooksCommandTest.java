package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.runbook.RunbookSections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook linter on fixture runbooks: each kind of mistake gives its file:line error. */
class RunbooksCommandTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("runbooks"));
        cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
    }

    static String runbook(String title, List<String> sections, String detection, String extra) {
        StringBuilder out = new StringBuilder("# " + title + "\n\n");
        for (String section : sections) {
            out.append("## ").append(section).append("\n\n");
            out.append(section.equals("Detection") ? detection : "Text.\n").append('\n');
            if (section.equals("Validation")) {
                out.append(extra).append('\n');
            }
        }
        return out.toString();
    }

    static final String QUERY = "```promql\npg_up{job=\"postgres\"}\n```\n";

    void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve("runbooks").resolve(name), text);
    }

    void rules(String... runbooks) throws Exception {
        StringBuilder yaml = new StringBuilder("rules:\n");
        int n = 0;
        for (String runbook : runbooks) {
            yaml.append("  - name: rule_").append(n++).append("\n    query: up\n    comparison: \"<\"\n    threshold: 1\n")
                    .append("    severity: HIGH\n    runbook: docs/runbooks/").append(runbook).append('\n');
        }
        Files.writeString(dir.resolve("rules.yml"), yaml.toString());
        Files.writeString(dir.resolve("firebreak.yml"), "rule_files: [rules.yml]\n");
    }

    @Test
    void goodRunbooksPassAndUnnamedOnesAreWarnings() throws Exception {
        write("01-db.md", runbook("DB", RunbookSections.REQUIRED, QUERY, "See [02](02-cache.md#detection)."));
        write("02-cache.md", runbook("Cache", RunbookSections.REQUIRED, QUERY, ""));
        rules("01-db.md");
        var result = cli.run("runbooks", "lint", "runbooks");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                warning: runbooks/02-cache.md: no rule names this runbook
                runbooks lint: OK: 2 runbooks, 1 rules, 2 Detection queries
                """);
    }

    @Test
    void everyMistakeIsReportedWithFileAndLine() throws Exception {
        List<String> noSymptoms = new ArrayList<>(RunbookSections.REQUIRED);
        noSymptoms.remove("Symptoms");
        write("01-missing.md", runbook("Missing", noSymptoms, QUERY, ""));
        List<String> swapped = new ArrayList<>(RunbookSections.REQUIRED);
        swapped.remove("Validation");
        swapped.add("Validation");
        write("02-order.md", runbook("Order", swapped, QUERY, ""));
        write("03-links.md", runbook("Links", RunbookSections.REQUIRED, QUERY,
                "See [nothing](99-nothing.md) and [no anchor](01-missing.md#symptoms) and [here](#no-such-heading)."));
        write("04-noquery.md", runbook("No query", RunbookSections.REQUIRED, "```bash\ncurl -s localhost:8000/health\n```\n", ""));
        rules("01-missing.md", "02-order.md", "03-links.md", "04-noquery.md", "05-ghost.md");

        var result = cli.run("runbooks", "lint", "runbooks");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines().toList()).containsExactly(
                "runbooks/01-missing.md:11: missing section 'Symptoms' (expected before 'Detection')",
                "runbooks/02-order.md:49: section 'Validation' is out of order: it belongs before 'Prevention'",
                "runbooks/03-links.md:41: broken link '99-nothing.md': runbooks/99-nothing.md does not exist",
                "runbooks/03-links.md:41: broken anchor '#symptoms': no such heading in runbooks/01-missing.md",
                "runbooks/03-links.md:41: broken anchor '#no-such-heading': no such heading in runbooks/03-links.md",
                "runbooks/04-noquery.md:15: the Detection section has no PromQL query (put each in a ```promql block)",
                "rules.yml:26: rule 'rule_4' names runbook 'docs/runbooks/05-ghost.md', which is not in runbooks",
                "runbooks lint: 7 error(s) in 4 runbooks, 5 rules, 3 Detection queries");
    }

    @Test
    void newRunbookStartsFromTheTemplateWithTheNextNumber() throws Exception {
        write("TEMPLATE.md", "# <Title>\n\n## TL;DR\n");
        write("07-old.md", "# Old\n");
        var result = cli.run("runbooks", "new", "Queue", "backlog", "--dir", "runbooks");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("runbooks/08-queue-backlog.md\n");
        assertThat(Files.readString(dir.resolve("runbooks/08-queue-backlog.md"))).isEqualTo("# Queue backlog\n\n## TL;DR\n");
        var again = cli.run("runbooks", "new", "Queue backlog", "--dir", "runbooks");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists: runbooks/08-queue-backlog.md");
    }

    @Test
    void theShippedRunbooksPassAgainstTheExampleRules() {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        var shipped = new CliRunner(repo, Instant.parse("2026-11-28T03:00:00Z"));
        var result = shipped.run("runbooks", "lint", "docs/runbooks", "-c", "examples/agente-api/firebreak.yml");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("runbooks lint: OK: 11 runbooks, 10 rules");
    }
}
