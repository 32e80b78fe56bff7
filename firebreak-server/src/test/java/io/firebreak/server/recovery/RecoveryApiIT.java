package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.ServiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/recovery on a running service: tiers, a backup's age against its RPO, drills; viewers may read, strangers may not. */
class RecoveryApiIT {
    @TempDir
    Path backups;

    @Test
    void theRecoveryOverviewShowsTiersBackupsAndDrills() throws Exception {
        Path dump = backups.resolve("agente.dump");
        Files.writeString(dump, "x");
        try (var harness = ServiceHarness.sqlite("""
                tiers:
                  - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                services:
                  - {name: agente-api, tier: 1}
                backups:
                  - name: agente-db
                    service: agente-api
                    source: {type: file, path: "%s/*.dump"}
                drills:
                  - {name: restore-test, every: 1w, owner: alice}
                """.formatted(backups))) {
            Files.setLastModifiedTime(dump, FileTime.from(harness.clock().instant().minus(Duration.ofMinutes(20))));
            harness.clock().advance(Duration.ofMinutes(2));   // the next loop checks the backups again
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode body;
            while (true) {
                var reply = harness.get("/api/v1/recovery", ServiceHarness.VIEWER);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                body = new ObjectMapper().readTree(reply.body());
                if (body.path("backups").path(0).path("state").asText().equals("stale") || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(body.path("tiers").path(0).path("rto_seconds").asLong()).isEqualTo(3600);
            assertThat(body.path("tiers").path(0).path("services").toString()).isEqualTo("[\"agente-api\"]");
            JsonNode backup = body.path("backups").path(0);
            assertThat(backup.path("name").asText()).isEqualTo("agente-db");
            assertThat(backup.path("state").asText()).isEqualTo("stale");
            assertThat(backup.path("rpo_seconds").asLong()).isEqualTo(900);
            assertThat(backup.path("age_seconds").asLong()).isGreaterThanOrEqualTo(20 * 60);
            assertThat(backup.path("last_verification").isNull()).isTrue();
            JsonNode drill = body.path("drills").path(0);
            assertThat(drill.path("name").asText()).isEqualTo("restore-test");
            assertThat(drill.path("overdue").asBoolean()).isTrue();
            assertThat(harness.get("/api/v1/recovery", null).status()).isEqualTo(401);
            assertThat(harness.service().incidents().list(io.firebreak.server.store.IncidentQuery.all()))
                    .anySatisfy(incident -> assertThat(incident.title()).startsWith("Backup agente-db is "));
        }
    }
}
