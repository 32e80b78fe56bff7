package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one PostgreSQL: the one that leads "backup-freshness" measures the backups, and the
 * standby's {@code GET /api/v1/recovery} and recovery page show the same ages, read from the store, with
 * the instance that measured them and when. The backup glob is relative to each instance's config file
 * and only the leader's directory has the file: a standby that probed by itself would report no file.
 */
class RecoveryStandbyIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    static final String YAML = """
            tiers:
              - {tier: 1, name: critical, rto: 1h, rpo: 15m}
            services:
              - {name: agente-api, tier: 1}
            backups:
              - {name: agente-db, service: agente-api, source: {type: file, path: backups/*.dump}}
            """;

    @TempDir
    Path leaderDir;
    @TempDir
    Path standbyDir;

    @Test
    void aStandbyShowsTheAgesTheLeaderMeasuredAndWhoMeasuredThem() throws Exception {
        StorageConfig storage = TestPostgres.get().newDatabase();
        Path dump = Files.createDirectories(leaderDir.resolve("backups")).resolve("agente.dump");
        Files.writeString(dump, "x");
        Files.setLastModifiedTime(dump, FileTime.from(START.minus(Duration.ofMinutes(20))));
        try (var leader = ServiceHarness.start(leaderDir, storage, YAML, List.of(), Optional.empty(), START)) {
            JsonNode measured = awaitBackup(leader, "stale");
            assertThat(measured.path("measured_by").asText()).isEqualTo(leader.service().instance().id());
            assertThat(measured.path("measured_here").asBoolean()).isTrue();
            try (var standby = ServiceHarness.start(standbyDir, storage, YAML, List.of(), Optional.empty(), START)) {
                Thread.sleep(2500);   // the standby's loops run (same clock time: the leader's lease holds); a probing standby would see no file
                JsonNode shown = awaitBackup(standby, "stale");
                assertThat(shown.path("measured_by").asText()).isEqualTo(leader.service().instance().id())
                        .isNotEqualTo(standby.service().instance().id());
                assertThat(shown.path("measured_here").asBoolean()).isFalse();
                assertThat(shown.path("measured_at").asText()).isEqualTo(measured.path("measured_at").asText());
                assertThat(shown.path("newest").asText()).isEqualTo(START.minus(Duration.ofMinutes(20)).toString());
                assertThat(shown.path("age_seconds").asLong()).isEqualTo(20 * 60);
                assertThat(shown.path("detail").asText()).endsWith("agente.dump");

                UiClient client = new UiClient(standby);
                client.login(ServiceHarness.VIEWER, "/recovery");
                var page = client.get("/recovery");
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("<td>20m</td>").contains("state-stale")
                        .contains(measured.path("measured_at").asText() + " by " + leader.service().instance().id())
                        .doesNotContain("(this instance)").doesNotContain("no file matches");
            }
        }
    }

    private static JsonNode awaitBackup(ServiceHarness harness, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            var reply = harness.get("/api/v1/recovery", ServiceHarness.VIEWER);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode backup = JSON.readTree(reply.body()).path("backups").path(0);
            if (backup.path("state").asText().equals(state)) {
                return backup;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backup never " + state + ": " + backup);
            }
            Thread.sleep(200);
        }
    }
}
