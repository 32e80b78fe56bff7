package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident CLI from a user's point of view; run on SQLite and on PostgreSQL. */
abstract class IncidentCliContract {
    static final Instant T0 = Instant.parse("2026-11-28T03:00:00Z");

    @TempDir
    Path dir;

    CliRunner cli;

    /** The storage section of firebreak.yml for this database. */
    abstract String storageYaml();

    @BeforeEach
    void writeConfig() throws Exception {
        Files.writeString(dir.resolve("firebreak.yml"), storageYaml());
        cli = new CliRunner(dir, T0);
    }

    @Test
    void fullLifecycleFromTheTerminal() throws Exception {
        var open = cli.run("incident", "open", "--title", "Database down", "--severity", "CRITICAL", "--service", "agente-api");
        assertThat(open.code()).as(open.err()).isZero();
        assertThat(open.out()).isEqualTo("INC-20261128-001\n");

        cli.clock.advance(Duration.ofMinutes(2));
        assertThat(cli.run("incident", "ack", "INC-20261128-001", "--by", "alice").out())
                .isEqualTo("INC-20261128-001 acknowledged by alice (time to acknowledge 2m)\n");
        cli.clock.advance(Duration.ofMinutes(3));
        assertThat(cli.run("incident", "status", "INC-20261128-001", "investigating", "--message", "pg primary unreachable").code()).isZero();
        assertThat(cli.run("incident", "note", "INC-20261128-001", "failing", "over", "to", "replica").code()).isZero();
        assertThat(cli.run("incident", "assign", "INC-20261128-001", "--commander", "carol").code()).isZero();
        assertThat(cli.run("incident", "assign", "INC-20261128-001", "--responder", "dave").code()).isZero();
        cli.clock.advance(Duration.ofMinutes(10));
        assertThat(cli.run("incident", "resolve", "INC-20261128-001", "-m", "failover complete").out())
                .isEqualTo("INC-20261128-001 resolved by tester (time to resolve 15m)\n");

        var show = cli.run("incident", "show", "INC-20261128-001");
        assertThat(show.code()).isZero();
        assertThat(show.out())
                .contains("INC-20261128-001  Database down")
                .contains("severity        SEV1 (CRITICAL)")
                .contains("commander       carol")
                .contains("acknowledged    2026-11-28 03:02:00Z  (time to acknowledge 2m)");
        assertThat(show.out().lines().filter(line -> line.startsWith("  2026-11-28")).toList()).hasSize(7);
        assertThat(show.out()).contains("ACKNOWLEDGED -> INVESTIGATING  pg primary unreachable")
                .contains("note ").contains("failing over to replica");

        JsonNode json = new ObjectMapper().readTree(cli.run("incident", "show", "INC-20261128-001", "--json").out());
        assertThat(json.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(json.get("time_to_resolve_seconds").asDouble()).isEqualTo(900.0);
        assertThat(json.get("timeline")).hasSize(7);
        assertThat(json.get("timeline").get(0).get("type").asText()).isEqualTo("opened");
    }

    @Test
    void reportShowsTimeToAcknowledgeAndResolve() throws Exception {
        for (int minutes : new int[] {2, 4, 12}) {
            String id = cli.run("incident", "open", "--title", "t" + minutes, "--severity", "SEV2").out().strip();
            cli.clock.advance(Duration.ofMinutes(minutes));
            cli.run("incident", "ack", id);
            cli.clock.advance(Duration.ofMinutes(minutes));
            cli.run("incident", "resolve", id);
        }
        cli.run("incident", "open", "--title", "still burning", "--severity", "LOW");

        var text = cli.run("report", "--since", "7d");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("Incidents: 4")
                .contains("by severity  SEV1 0   SEV2 3   SEV3 0   SEV4 1")
                .contains("SEV2  3      0ms / 0ms       6m / 4m              12m / 8m")
                .contains("Open incidents: 1");

        JsonNode json = new ObjectMapper().readTree(cli.run("report", "--format", "json").out());
        assertThat(json.at("/timings/HIGH/time_to_acknowledge/mean_seconds").asDouble()).isEqualTo(360.0);
        assertThat(json.at("/timings/HIGH/time_to_resolve/median_seconds").asDouble()).isEqualTo(480.0);
        assertThat(json.at("/by_status/RESOLVED").asInt()).isEqualTo(3);
        assertThat(json.get("open")).hasSize(1);
    }

    @Test
    void listFiltersAndPrintsJson() throws Exception {
        cli.run("incident", "open", "--title", "a", "--severity", "CRITICAL");
        cli.run("incident", "open", "--title", "b", "--severity", "LOW");
        cli.run("incident", "ack", "INC-20261128-002");

        var table = cli.run("incident", "list");
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("ID  "));
        assertThat(cli.run("incident", "list", "--status", "acknowledged").out()).contains("INC-20261128-002").doesNotContain("-001");
        assertThat(cli.run("incident", "list", "--severity", "SEV1").out()).contains("INC-20261128-001").doesNotContain("-002");
        JsonNode json = new ObjectMapper().readTree(cli.run("incident", "list", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("id").asText()).isEqualTo("INC-20261128-002");
    }

    @Test
    void badInputIsRefusedWithExitOneAndWritesNothing() {
        var severity = cli.run("incident", "open", "--title", "x", "--severity", "URGENT");
        assertThat(severity.code()).isEqualTo(1);
        assertThat(severity.err()).isEqualTo("firebreak: unknown severity 'URGENT' (use CRITICAL|HIGH|MEDIUM|LOW (or SEV1..SEV4))\n");

        cli.run("incident", "open", "--title", "x", "--severity", "HIGH");
        var status = cli.run("incident", "status", "INC-20261128-001", "FIXED", "-m", "x");
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.err()).contains("unknown status 'FIXED' (use TRIGGERED|ACKNOWLEDGED|");

        cli.run("incident", "resolve", "INC-20261128-001");
        var illegal = cli.run("incident", "ack", "INC-20261128-001");
        assertThat(illegal.code()).isEqualTo(1);
        assertThat(illegal.err()).isEqualTo(
                "firebreak: cannot acknowledge INC-20261128-001: only a TRIGGERED incident can be acknowledged; this one is RESOLVED\n");
        var backwards = cli.run("incident", "status", "INC-20261128-001", "INVESTIGATING", "-m", "x");
        assertThat(backwards.err()).contains("cannot go from RESOLVED to INVESTIGATING; re-open it first (status TRIGGERED)");

        var unknown = cli.run("incident", "show", "INC-20261128-042");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("firebreak: no incident INC-20261128-042\n");
        assertThat(cli.run("incident", "ack", "INC-20261128-042").err()).isEqualTo("firebreak: no incident INC-20261128-042\n");
        assertThat(cli.run("incident", "show", "42").err()).contains("not an incident id: '42' (expected INC-YYYYMMDD-NNN)");

        // only the one valid incident exists, with its three events
        assertThat(cli.run("incident", "list", "--json").out()).contains("INC-20261128-001").doesNotContain("INC-20261128-002");
        assertThat(cli.run("incident", "show", "INC-20261128-001").out().lines().filter(l -> l.startsWith("  2026")).count()).isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwo() {
        var missing = cli.run("incident", "open", "--severity", "HIGH");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--title=T'").contains("--help");
        assertThat(cli.run("incident", "explode").code()).isEqualTo(2);
    }
}
