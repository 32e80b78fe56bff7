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

        Files.writeString(dir.resolve("firebreak.yml"), """
                channels:
                  - {name: slack-incidents, type: slack, url: "http://127.0.0.1:9/hook"}
                stakeholders:
                  - {name: engineering, channels: [slack-incidents], deadlines: {SEV1: 10m}}
                  - {name: management, channels: [slack-incidents, mail-management], deadlines: {SEV1: 15m}}
                communication:
                  update_every: {SEV1: 30m, SEV7: 1h}
                """);
        var stakeholders = cli.run("postmortem", "list");
        assertThat(stakeholders.code()).isEqualTo(ExitCode.INVALID);
        assertThat(stakeholders.err()).contains("firebreak.yml:5").contains("unknown channel 'mail-management'").contains("slack-incidents")
                .contains("SEV7");
    }

    @Test
    void lifecycleDraftReviewPublishClosesTheIncident() throws Exception {
        resolvedSev1();
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        assertThat(cli.run("postmortem", "list").out()).contains(ID).contains("DRAFT");
        assertThat(cli.run("postmortem", "review", ID).out()).isEqualTo(ID + " post-mortem is now IN_REVIEW\n");
        var publish = cli.run("postmortem", "publish", ID);
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(cli.run("incident", "show", ID, "--json").out()).contains("\"status\" : \"CLOSED\"");
        assertThat(Files.readString(dir.resolve("docs/post-mortems/INC-20261128-001-database-down.md"))).contains("| Status | CLOSED |")
                .contains("Post-mortem published");
        assertThat(cli.run("postmortem", "list").out()).contains("PUBLISHED");
        assertThat(cli.run("postmortem", "review", "INC-20261128-002").err()).contains("no incident INC-20261128-002");
    }

    @Test
    void requiredPostMortemBecomesOverdueAfterFiveDays() throws Exception {
        resolvedSev1();   // resolved 03:15
        assertThat(cli.run("incident", "open", "--title", "Minor glitch", "--severity", "SEV3").code()).isZero();
        assertThat(cli.run("incident", "resolve", "INC-20261128-002").code()).isZero();
        cli.clock.advance(Duration.ofDays(4));
        assertThat(cli.run("postmortem", "list", "--overdue").out()).isEqualTo("No overdue post-mortems.\n");
        assertThat(cli.run("postmortem", "list").out()).contains(ID).contains("MISSING").doesNotContain("INC-20261128-002");
        cli.clock.advance(Duration.ofDays(2));
        String overdue = cli.run("postmortem", "list", "--overdue").out();
        assertThat(overdue).contains(ID).contains("MISSING").contains("2026-12-03 03:15:00Z OVERDUE").contains("carol");
        // a draft is not enough; publishing is
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        assertThat(cli.run("postmortem", "list", "--overdue").out()).contains(ID).contains("DRAFT");
        assertThat(cli.run("postmortem", "publish", ID).code()).isZero();
        assertThat(cli.run("postmortem", "list", "--overdue").out()).isEqualTo("No overdue post-mortems.\n");
    }

    @Test
    void actionItemsLiveInTheStoreAndTheDocumentAlwaysShowsThem() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage:
                  url: jdbc:sqlite:./data/firebreak.db
                people:
                  - {name: alice, email: alice@example.com}
                  - {name: carol, email: carol@example.com}
                """);
        resolvedSev1();
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        Path file = dir.resolve("docs/post-mortems/INC-20261128-001-database-down.md");

        var add = cli.run("postmortem", "action", "add", ID, "Load-test the pool | at 2x traffic", "--priority", "P1", "--owner", "alice",
                "--due", "2026-12-05", "--tracker", "https://tracker.example.com/issues/42");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo(ID + " action 1 added: P1 alice due 2026-12-05\n");
        assertThat(cli.run("postmortem", "action", "add", ID, "Alert on pool saturation", "--priority", "P0", "--owner", "carol",
                "--due", "2026-11-28").code()).isZero();
        String table = PostMortemDocument.block(Files.readString(file), "action-items").orElseThrow();
        assertThat(table).contains("| 1 | P1 | Load-test the pool \\| at 2x traffic | alice | 2026-12-05 | OPEN | <https://tracker.example.com/issues/42> |")
                .contains("| 2 | P0 | Alert on pool saturation | carol | 2026-11-28 | OPEN | - |");

        // store -> document: closing in the store shows in the document
        assertThat(cli.run("postmortem", "action", "done", ID, "2").code()).isZero();
        assertThat(PostMortemDocument.block(Files.readString(file), "action-items").orElseThrow())
                .contains("| 2 | P0 | Alert on pool saturation | carol | 2026-11-28 | DONE | - |");
        // document -> store: an edit of the table is not a second truth; render puts the store's back
        Files.writeString(file, Files.readString(file).replace("| 2026-12-05 | OPEN |", "| 2026-12-05 | DONE |"));
        assertThat(cli.run("postmortem", "render", ID).code()).isZero();
        assertThat(PostMortemDocument.block(Files.readString(file), "action-items").orElseThrow())
                .contains("| 2026-12-05 | OPEN |");
        assertThat(cli.run("postmortem", "action", "list", ID).out()).containsPattern("INC-20261128-001 +1 +P1 +OPEN");

        // overdue items
        cli.clock.advance(Duration.ofDays(10));
        String overdue = cli.run("postmortem", "action", "list", "--overdue").out();
        assertThat(overdue).contains("OPEN OVERDUE").contains("alice").doesNotContain("carol");
    }

    @Test
    void actionItemBadInputIsRefusedWithTheField() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage:
                  url: jdbc:sqlite:./data/firebreak.db
                people:
                  - {name: alice, email: alice@example.com}
                """);
        resolvedSev1();
        var past = cli.run("postmortem", "action", "add", ID, "Fix it", "--priority", "P1", "--owner", "alice", "--due", "2026-11-27");
        assertThat(past.code()).isEqualTo(ExitCode.INVALID);
        assertThat(past.err()).contains("--due: 2026-11-27 is in the past (today is 2026-11-28)");
        var owner = cli.run("postmortem", "action", "add", ID, "Fix it", "--priority", "P1", "--owner", "mallory", "--due", "2026-12-01");
        assertThat(owner.code()).isEqualTo(ExitCode.INVALID);
        assertThat(owner.err()).contains("--owner: unknown owner 'mallory'").contains("alice");
        assertThat(cli.run("postmortem", "action", "add", ID, "Fix it", "--priority", "P7", "--owner", "alice", "--due", "2026-12-01").err())
                .contains("--priority");
        assertThat(cli.run("postmortem", "action", "add", "INC-20261128-050", "Fix it", "--priority", "P1", "--owner", "alice", "--due", "2026-12-01").err())
                .contains("no incident INC-20261128-050");
        assertThat(cli.run("postmortem", "action", "add", ID, "Fix it", "--priority", "P1", "--owner", "alice", "--due", "2026-12-01",
                "--tracker", "javascript:alert(1)").err()).contains("--tracker");
        assertThat(cli.run("postmortem", "action", "done", ID, "9").err()).contains("no action item 9 for " + ID);
        var none = cli.run("postmortem", "action", "list");
        assertThat(none.out()).as(none.err()).isEqualTo("No action items.\n");
    }

    @Test
    void publicUpdatesSetTheStatusSummaryAndAreJudgedAgainstTheCadence() throws Exception {
        assertThat(cli.run("incident", "open", "--title", "Database down", "--severity", "SEV1").code()).isZero();
        cli.clock.advance(Duration.ofMinutes(20));
        var first = cli.run("incident", "update", ID, "--public", "We are investigating failed checkouts.");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(ID + " public update posted by tester (on time)\n");
        cli.clock.advance(Duration.ofMinutes(42));
        assertThat(cli.run("incident", "update", ID, "--public", "Fix deployed, monitoring.").out())
                .isEqualTo(ID + " public update posted by tester (late by 12m)\n");
        String show = cli.run("incident", "show", ID, "--json").out();
        assertThat(show).contains("Fix deployed, monitoring.").contains("public_update");
        assertThat(cli.run("incident", "update", ID, "--public", " ").err()).contains("a public update needs some text");
        assertThat(cli.run("incident", "update", "INC-20261128-077", "--public", "x").err()).contains("no incident INC-20261128-077");
    }

    @Test
    void reportShowsTheSeedsKpiTable() throws Exception {
        var empty = cli.run("report");
        assertThat(empty.code()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("KPIs (the seed's targets)").containsPattern("MTTD \\(median\\) +< 5m +no incidents +n/a")
                .contains("none due").contains("no action items").doesNotContain("NaN");

        resolvedSev1();   // detected 03:00, resolved 03:15, no public update
        assertThat(cli.run("postmortem", "new", ID).code()).isZero();
        assertThat(cli.run("postmortem", "action", "add", ID, "Fix", "--priority", "P1", "--owner", "alice", "--due", "2026-12-01").code()).isZero();
        assertThat(cli.run("postmortem", "action", "add", ID, "Test", "--priority", "P2", "--owner", "alice", "--due", "2026-12-01").code()).isZero();
        assertThat(cli.run("postmortem", "action", "done", ID, "1").code()).isZero();
        assertThat(cli.run("postmortem", "publish", ID).code()).isZero();
        var report = cli.run("report");
        assertThat(report.out())
                .containsPattern("MTTD \\(median\\) +< 5m +0s +met")
                .containsPattern("MTTR SEV1 \\(median\\) +< 15m +15m +missed")
                .containsPattern("Post-mortem completion +100 % +100 % \\(1/1\\) +met")
                .containsPattern("Action-item completion +> 90 % +50 % \\(1/2\\) +missed")
                .containsPattern("Incidents per month +< 2 +1.0 +met");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("report", "--format", "json").out());
        assertThat(json.get("kpis").get(2).get("kpi").asText()).isEqualTo("MTTR SEV2 (median)");
        assertThat(json.get("kpis").get(2).get("verdict").asText()).isEqualTo("n/a");
    }

    @Test
    void anOutageThatBeganBeforeThePreviousPeriodCountsWhileItLastedIntoThisOne() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage:
                  url: jdbc:sqlite:./data/firebreak.db
                services:
                  - {name: agente-api, slo: 99.9}
                """);
        // 7d report: this period is the last 7 days, the previous one the 7 before; these began 20 days ago, before both
        assertThat(cli.run("incident", "open", "--title", "Long outage", "--severity", "SEV1", "--service", "agente-api").code()).isZero();
        assertThat(cli.run("incident", "open", "--title", "Short outage", "--severity", "SEV2", "--service", "agente-api").code()).isZero();
        assertThat(cli.run("incident", "open", "--title", "Slow pages", "--severity", "SEV3", "--service", "agente-api",
                "--label", "team=web").code()).isZero();
        cli.clock.advance(Duration.ofDays(1));
        assertThat(cli.run("incident", "resolve", "INC-20261128-002", "-m", "fixed").code()).isZero();   // over before either period
        cli.clock.advance(Duration.ofDays(14));
        assertThat(cli.run("incident", "resolve", ID, "-m", "fixed at last").code()).isZero();   // 2 days into this period
        cli.clock.advance(Duration.ofDays(5));

        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("report", "--since", "7d", "--format", "json").out());
        assertThat(json.path("uptime").get(0).path("downtime_seconds").asLong()).isEqualTo(Duration.ofDays(2).toSeconds());
        assertThat(json.path("current").path("incidents").asInt()).isZero();
        assertThat(json.path("previous").path("incidents").asInt()).isZero();
        // an open incident, whenever detected, is listed whole (the figures read fewer columns of the others)
        assertThat(json.path("open").get(0).path("id").asText()).isEqualTo("INC-20261128-003");
        assertThat(json.path("open").get(0).path("labels").path("team").asText()).isEqualTo("web");
    }

    @Test
    void falsePositivesAndTheReportsJsonAndHtml() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage:
                  url: jdbc:sqlite:./data/firebreak.db
                services:
                  - {name: agente-api, slo: 99.9}
                """);
        resolvedSev1();
        assertThat(cli.run("incident", "open", "--title", "Flapping probe", "--severity", "SEV3", "--service", "agente-api").code()).isZero();
        var fp = cli.run("incident", "resolve", "INC-20261128-002", "--false-positive", "-m", "probe misconfigured");
        assertThat(fp.code()).as(fp.err()).isZero();
        assertThat(fp.out()).startsWith("INC-20261128-002 resolved by tester as a false positive");

        var text = cli.run("report");
        assertThat(text.out()).containsPattern("False positives +< 5 % +50 % \\(1/2\\) +missed")
                .contains("per service").containsPattern("agente-api +2 ").contains("Incidents per month")
                .contains("Against the previous period").containsPattern("MTTR median +7m30s +no incidents").doesNotContain("NaN");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("report", "--format", "json").out());
        assertThat(json.path("timings_by_severity").path("SEV1").path("mttr").path("median_seconds").asDouble()).isEqualTo(900.0);
        assertThat(json.path("timings_by_service").path("agente-api").path("count").asInt()).isEqualTo(2);
        assertThat(json.path("current").path("false_positive_rate").path("percent").asDouble()).isEqualTo(50.0);
        assertThat(json.path("previous").path("mttr").path("median_seconds").isNull()).isTrue();
        assertThat(json.path("uptime").get(0).path("downtime_seconds").asLong()).isEqualTo(900);
        assertThat(json.path("per_month").path("2026-11").asInt()).isEqualTo(2);

        var html = cli.run("report", "--format", "html", "--output", "reports/kpi.html");
        assertThat(html.out()).isEqualTo("Wrote reports/kpi.html\n");
        assertThat(Files.readString(dir.resolve("reports/kpi.html"))).startsWith("<!DOCTYPE html>").contains("<svg id=\"chart-incidents-per-month\"")
                .doesNotContain("<script");
        assertThat(cli.run("report", "--format", "pdf").err()).contains("use text, json or html");
    }
}
