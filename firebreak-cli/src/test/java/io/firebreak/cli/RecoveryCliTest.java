package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery commands on a SQLite store: drill list/record, recover start/next, backup status. */
class RecoveryCliTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            storage: {url: "jdbc:sqlite:./fb.db"}
            tiers:
              - {tier: 1, name: critical, rto: 1h, rpo: 15m}
            services:
              - {name: agente-api, tier: 1}
            backups:
              - name: agente-db
                service: agente-api
                source: {type: file, path: backups/*.dump}
              - name: broken
                rpo: 1h
                source: {type: command, command: ["sh", "-c", "exit 2"]}
            procedures:
              - name: database-loss
                steps:
                  - {title: Assess damage, planned: 5m}
                  - {title: Validate, planned: 10m}
            drills:
              - {name: restore-test, every: 1w, owner: alice}
            """;

    @Test
    void drillsAreOverdueUntilRecordedAndDueAgainAWeekLater() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG);
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        var first = new CliRunner(dir, t).run("drill", "list", "--overdue");
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).contains("restore-test").contains("never").contains("OVERDUE");
        var recorded = new CliRunner(dir, t).run("drill", "record", "restore-test", "--result", "pass", "--duration", "35m", "--note", "staging ok");
        assertThat(recorded.code()).as(recorded.err()).isZero();
        var after = new CliRunner(dir, t.plusSeconds(3600)).run("drill", "list", "--overdue");
        assertThat(after.code()).isZero();
        assertThat(after.out()).contains("No drills overdue.");
        var weekLater = new CliRunner(dir, t.plusSeconds(8 * 86400)).run("drill", "list");
        assertThat(weekLater.out()).contains("(pass)").contains("OVERDUE");
        assertThat(new CliRunner(dir, t).run("drill", "record", "nope", "--result", "pass").code()).isEqualTo(2);
    }

    @Test
    void aSimulateRunCountsAsTheSimulateDrillWithItsMeasuredMttd() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), """
                storage: {url: "jdbc:sqlite:./fb.db"}
                drills:
                  - {name: chaos-test, every: 30d, owner: carol, done_by: simulate}
                """);
        Instant t = Instant.parse("2026-11-28T03:00:00Z");
        Path scenario = Path.of("..").toAbsolutePath().normalize().resolve("examples/agente-api/scenarios/database-down.yml");
        assertThat(new CliRunner(dir, t).run("drill", "list", "--overdue").out()).contains("chaos-test");
        var run = new CliRunner(dir, t).run("simulate", "-c", dir.resolve("firebreak.yml").toString(), scenario.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Drill chaos-test recorded: pass (simulate database-down: 2 incident(s), MTTD mean 1m30s, worst 2m (target < 5m))");
        var list = new CliRunner(dir, t.plusSeconds(60)).run("drill", "list", "--overdue");
        assertThat(list.code()).as(list.out()).isZero();
        assertThat(list.out()).contains("No drills overdue.");
    }

    @Test
    void backupStatusShowsAgeAgainstRpoAndFailsWhenAnyIsNotFresh() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG);
        Path dump = Files.createDirectories(dir.resolve("backups")).resolve("a.dump");
        Files.writeString(dump, "x");
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        Files.setLastModifiedTime(dump, FileTime.from(t.minusSeconds(300)));
        var status = new CliRunner(dir, t).run("backup", "status");
        assertThat(status.code()).as(status.err()).isEqualTo(1);
        assertThat(status.out()).containsPattern("agente-db +file +1 +5m +15m +fresh")
                .containsPattern("broken +command +- +- +1h +unhealthy +command exited with 2");
    }

    @Test
    void aChecklistRunsFromStartToEnd() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), CONFIG);
        Instant t = Instant.parse("2026-11-29T10:00:00Z");
        var opened = new CliRunner(dir, t).run("incident", "open", "--title", "DB lost", "--severity", "CRITICAL", "--service", "agente-api");
        assertThat(opened.code()).as(opened.err()).isZero();
        String id = opened.out().replaceAll("(?s).*(INC-\\d{8}-\\d{3}).*", "$1");
        var start = new CliRunner(dir, t.plusSeconds(60)).run("recover", "start", "database-loss", id);
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("Recovery 'database-loss' started (planned 15m): step 1/2 Assess damage (planned 5m)");
        var next = new CliRunner(dir, t.plusSeconds(60 + 420)).run("recover", "next", id, "--note", "volume gone");
        assertThat(next.out()).contains("Step 1/2 Assess damage done in 7m (planned 5m): volume gone");
        var last = new CliRunner(dir, t.plusSeconds(60 + 420 + 600)).run("recover", "next", id);
        assertThat(last.out()).contains("Recovery 'database-loss' complete in 17m (planned 15m)");
        assertThat(new CliRunner(dir, t.plusSeconds(2000)).run("recover", "next", id).code()).isEqualTo(1);
        assertThat(new CliRunner(dir, t.plusSeconds(3000)).run("incident", "resolve", id).code()).isZero();
        assertThat(new CliRunner(dir, t.plusSeconds(4000)).run("report").out())
                .contains("RTO compliance per tier").containsPattern("tier 1 critical +RTO 1h +1 met, 0 missed \\(100 %\\)");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new CliRunner(dir, t.plusSeconds(4000))
                .run("report", "--format", "json").out());
        assertThat(json.path("rto_compliance").toString())
                .isEqualTo("[{\"tier\":1,\"name\":\"critical\",\"rto_seconds\":3600,\"met\":1,\"missed\":0,\"percent_met\":100}]");
    }
}
