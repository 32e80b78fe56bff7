package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.postmortem.PostMortemDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postmortem new} and {@code postmortem render} against a real SQLite store and real files. */
class PostMortemCliTest {
    static final Instant T0 = Instant.parse("2026-11-28T03:00:00Z");
    static final String ID = "INC-20261128-001";

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), "storage:\n  url: jdbc:sqlite:./data/firebreak.db\n");
        cli = new CliRunner(dir, T0);
    }

    private void resolvedSev1() {
        assertThat(cli.run("incident", "open", "--title", "Database down", "--severity", "SEV1", "--service", "agente-api").code()).isZero();
        cli.clock.advance(Duration.ofMinutes(2));
        assertThat(cli.run("incident", "ack", ID, "--by", "alice").code()).isZero();
        assertThat(cli.run("incident", "assign", ID, "--commander", "carol").code()).isZero();
        cli.clock.advance(Duration.ofMinutes(3));
        assertThat(cli.run("incident", "note", ID, "pool | exhausted <script>").code()).isZero();
        cli.clock.advance(Duration.ofMinutes(10));
        assertThat(cli.run("incident", "resolve", ID, "-m", "failover complete").code()).isZero();
    }

    @Test
    void draftIsFilledFromTheIncidentAndMovesItToPostmortem() throws Exception {
        resolvedSev1();
        cli.clock.advance(Duration.ofHours(1));
        var created = cli.run("postmortem", "new", ID, "--title", "Primary database outage");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created: docs/post-mortems/INC-20261128-001-primary-database-outage.md\n");
        String doc = Files.readString(dir.resolve("docs/post-mortems/INC-20261128-001-primary-database-outage.md"));

        assertThat(doc).contains("# Post-mortem: Primary database outage (INC-20261128-001)")
                .contains("| Incident ID | INC-20261128-001 |")
                .contains("| Severity | SEV1 (CRITICAL) |")
                .contains("| Status | POSTMORTEM |")
                .contains("| Detection time | 2026-11-28 03:00:00 UTC |")
                .contains("| End time | 2026-11-28 03:15:00 UTC |")
                .contains("| Duration | 15m |")
                .contains("| MTTR | 15m |")
                .contains("| Incident commander | carol |")
                .contains("| Services affected | agente-api |")
                .contains("Blameless writing")
                .contains("## 5. Root cause analysis (5 Whys)")
                .contains("## 9. Prevention");
        assertThat(doc).containsPattern("\\| Responders \\| [^|]*alice");
        String timeline = PostMortemDocument.block(doc, "timeline").orElseThrow();
        assertThat(timeline).contains("| 2026-11-28 03:00:00 UTC | opened")
                .contains("| 2026-11-28 03:02:00 UTC | acknowledged")
                .contains("| 2026-11-28 03:15:00 UTC | resolved")
                .contains("Post-mortem draft: docs/post-mortems/");
        // outside text cannot break the table or inject HTML
        assertThat(timeline).contains("pool \\| exhausted &lt;script&gt;").doesNotContain("<script>");
        // one row per timeline event (opened, ack, commander, note, resolved, to POSTMORTEM) plus two header lines
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("incident", "show", ID, "--json").out());
        assertThat(json.get("timeline")).hasSize(6);
        assertThat(timeline.lines().count()).isEqualTo(6 + 2);

        var show = cli.run("incident", "show", ID, "--json");
        assertThat(show.out()).contains("\"status\" : \"POSTMORTEM\"");
    }

    @Test
    void renderRefreshesGeneratedPartsAndKeepsEveryHumanWord() throws Exception {
        resolvedSev1();
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        Path file = dir.resolve("docs/post-mortems/INC-20261128-001-database-down.md");
        String draft = Files.readString(file);

        String edited = draft
                .replace("_What happened, for whom, for how long (2-3 sentences)._",
                        "The primary database ran out of connections; checkout failed for 15 minutes.")
                .replace("1. Why? _..._", "1. Why? The pool limit was 20 while traffic had doubled.")
                .replace("## 8. Lessons learned", "## 8. Lessons learned\n\nWe added this paragraph by hand.\n")
                + "\n## Appendix\n\nGraphs attached by Dana.\n";
        // someone also scribbles inside a generated block: that part is Firebreak's and comes back
        edited = edited.replace("| Services affected | agente-api |", "| Services affected | typo |");
        Files.writeString(file, edited);

        cli.clock.advance(Duration.ofMinutes(5));
        assertThat(cli.run("incident", "note", ID, "customer comms sent").code()).isZero();
        var render = cli.run("postmortem", "render", ID);
        assertThat(render.code()).as(render.err()).isZero();
        String rendered = Files.readString(file);

        assertThat(PostMortemDocument.humanParts(rendered)).isEqualTo(PostMortemDocument.humanParts(edited));
        assertThat(rendered).contains("We added this paragraph by hand.", "Graphs attached by Dana.",
                "1. Why? The pool limit was 20 while traffic had doubled.")
                .contains("| Services affected | agente-api |")
                .contains("customer comms sent")
                .contains("# Post-mortem: Database down (INC-20261128-001)");
        // rendering twice changes nothing
        assertThat(cli.run("postmortem", "render", ID).code()).isZero();
        assertThat(Files.readString(file)).isEqualTo(rendered);
    }

    @Test
    void refusesUnknownAndOpenIncidentsUnlessForced() throws Exception {
        var unknown = cli.run("postmortem", "new", "INC-20261128-099");
        assertThat(unknown.code()).isEqualTo(ExitCode.INVALID);
        assertThat(unknown.err()).contains("no incident INC-20261128-099");
        assertThat(cli.run("postmortem", "new", "not-an-id").err()).contains("not an incident id");

        assertThat(cli.run("incident", "open", "--title", "Slow checkout", "--severity", "SEV2").code()).isZero();
        var open = cli.run("postmortem", "new", ID);
        assertThat(open.code()).isEqualTo(ExitCode.INVALID);
        assertThat(open.err()).contains("still TRIGGERED").contains("--force");
        assertThat(dir.resolve("docs/post-mortems")).doesNotExist();

        var forced = cli.run("postmortem", "new", ID, "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(dir.resolve("docs/post-mortems/INC-20261128-001-slow-checkout.md")))
                .contains("| Status | TRIGGERED |").contains("| End time | not resolved |");
        var again = cli.run("postmortem", "new", ID, "--force");
        assertThat(again.code()).isEqualTo(ExitCode.INVALID);
        assertThat(again.err()).contains("already exists");

        var noDoc = cli.run("postmortem", "render", "INC-20261128-099");
        assertThat(noDoc.err()).contains("no incident INC-20261128-099");
    }

    @Test
    void templateAndDirectoryComeFromTheConfiguration() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage:
                  url: jdbc:sqlite:./data/firebreak.db
                postmortems:
                  dir: learning/pm
                """);
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/post-mortem.md"), """
                <!-- firebreak:begin header -->
                <!-- firebreak:end header -->
                Our own short template.
                <!-- firebreak:begin metadata -->
                <!-- firebreak:end metadata -->
                """);
        resolvedSev1();
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        String doc = Files.readString(dir.resolve("learning/pm/INC-20261128-001-database-down.md"));
        assertThat(doc).contains("Our own short template.").contains("| Incident ID | INC-20261128-001 |").doesNotContain("5 Whys");
    }

    @Test
    void badPostmortemConfigNamesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                postmortems:
                  required: [SEV1, SEV9]
                  due_after: soon
                """);
        var result = cli.run("postmortem", "new", ID);
        assertThat(result.code()).isEqualTo(ExitCode.INVALID);
        assertThat(result.err()).contains("firebreak.yml:2").contains("SEV9").contains("firebreak.yml:3").contains("due_after");
    }
}
