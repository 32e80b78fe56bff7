package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.ServiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /recovery page: tiers, backups and drills for a signed-in viewer, with names from outside escaped. */
class RecoveryPageIT {
    @TempDir
    Path backups;

    @Test
    void theRecoveryPageShowsTiersBackupsAndDrillsEscaped() throws Exception {
        Files.writeString(backups.resolve("db<i>x.dump"), "x");
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
            harness.clock().advance(Duration.ofMinutes(2));
            UiClient client = new UiClient(harness);
            client.login(ServiceHarness.VIEWER, "/recovery");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            var page = client.get("/recovery");
            while (!page.body().contains("db&lt;i&gt;x.dump") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                page = client.get("/recovery");
            }
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>Recovery</h1>").contains("<td>critical</td><td>1h</td><td>15m</td>")
                    .contains("agente-db").contains("db&lt;i&gt;x.dump").doesNotContain("<i>x")
                    .contains("restore-test").contains("overdue");
            assertThat(new UiClient(harness).get("/recovery").status()).isIn(302, 303);
        }
    }
}
