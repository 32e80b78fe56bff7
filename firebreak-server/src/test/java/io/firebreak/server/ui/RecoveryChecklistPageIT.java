package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.server.testing.ServiceHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recovery checklist on the incident page: a responder starts a procedure and finishes its steps with
 * notes through CSRF-protected forms; the page shows planned against actual per step and in total while
 * it runs; the timeline (which the post-mortem copies) has planned and actual per step; a viewer and a
 * form without the CSRF token change nothing.
 */
class RecoveryChecklistPageIT {
    @Test
    void aResponderRunsARecoveryChecklistFromTheIncidentPage() throws Exception {
        try (var harness = ServiceHarness.sqlite("""
                procedures:
                  - name: database-loss
                    title: Database loss
                    steps:
                      - {title: Assess damage, planned: 5m}
                      - {title: "Restore <latest> backup", planned: 20m}
                """)) {
            var opened = harness.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                    "{\"title\": \"Database lost\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            String id = new ObjectMapper().readTree(opened.body()).path("id").asText();
            String page = "/incidents/" + id;

            UiClient viewer = new UiClient(harness);
            viewer.login(ServiceHarness.VIEWER, page);
            var viewed = viewer.get(page);
            assertThat(viewed.body()).doesNotContain("recover-start");
            assertThat(viewer.post(page + "/recover-start", Map.of("csrf", UiClient.csrf(viewed.body()), "procedure", "database-loss")).status())
                    .isEqualTo(403);

            UiClient responder = new UiClient(harness);
            responder.login(ServiceHarness.RESPONDER, page);
            var before = responder.get(page);
            assertThat(before.body()).contains("Start recovery procedure").contains("Database loss (2 steps, planned 25m)");
            assertThat(responder.post(page + "/recover-start", Map.of("procedure", "database-loss")).status())
                    .as("no CSRF token, no change").isEqualTo(403);
            String csrf = UiClient.csrf(before.body());
            assertThat(responder.post(page + "/recover-start", Map.of("csrf", csrf, "procedure", "database-loss")).status()).isEqualTo(303);

            harness.clock().advance(Duration.ofMinutes(7));
            var running = responder.get(page);
            assertThat(running.body()).contains("Recovery: database-loss")
                    .contains("<td>1</td><td>Assess damage</td><td>5m</td><td><strong class=\"over\">7m</strong></td><td>running</td>")
                    .contains("<td>2</td><td>Restore &lt;latest&gt; backup</td><td>20m</td><td>-</td><td>waiting</td>")
                    .contains("<td>Total</td><td>25m</td><td>7m</td><td>running</td>")
                    .contains("Step done: next");
            assertThat(responder.post(page + "/recover-next", Map.of("csrf", csrf, "note", "disk <gone>")).status()).isEqualTo(303);
            harness.clock().advance(Duration.ofMinutes(15));
            assertThat(responder.post(page + "/recover-next", Map.of("csrf", csrf, "note", "")).status()).isEqualTo(303);

            var done = responder.get(page);
            assertThat(done.body())
                    .contains("<td>Assess damage</td><td>5m</td><td><strong class=\"over\">7m</strong></td><td>done</td><td>disk &lt;gone&gt;</td>")
                    .contains("<td>Restore &lt;latest&gt; backup</td><td>20m</td><td>15m</td><td>done</td>")
                    .contains("<td>Total</td><td>25m</td><td>22m</td><td>complete</td>")
                    .doesNotContain("Step done: next").doesNotContain("disk <gone>");
            var again = responder.post(page + "/recover-next", Map.of("csrf", csrf, "note", ""));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.body()).contains("is already complete");

            assertThat(harness.service().incidents().timeline(id).stream().filter(e -> e.type() == EventType.RECOVERY_STEP)
                    .map(IncidentEvent::message)).containsExactly(
                    "Recovery 'database-loss' started (planned 25m): step 1/2 Assess damage (planned 5m)",
                    "Step 1/2 Assess damage done in 7m (planned 5m): disk <gone>",
                    "Step 2/2 Restore <latest> backup started (planned 20m)",
                    "Step 2/2 Restore <latest> backup done in 15m (planned 20m)",
                    "Recovery 'database-loss' complete in 22m (planned 25m)");
        }
    }
}
