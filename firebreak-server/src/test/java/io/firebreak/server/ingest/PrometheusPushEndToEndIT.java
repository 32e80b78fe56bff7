package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ProbeTarget;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.TestPrometheus;
import io.firebreak.server.testing.WallClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Prometheus with Firebreak as its Alertmanager ({@code alerting.alertmanagers} with a bearer token,
 * path prefix {@code /}): the alert arrives on {@code POST /api/v2/alerts} and opens an incident;
 * when the probe comes back, Prometheus sends the alert with {@code endsAt} in the past and the
 * incident resolves.
 */
class PrometheusPushEndToEndIT {
    @Test
    void prometheusPushingToFirebreakOpensAndResolvesAnIncident() throws Exception {
        try (ServiceHarness firebreak = ServiceHarness.sqlite("");
             WallClock ignored = WallClock.follow(firebreak.clock());
             ProbeTarget probe = ProbeTarget.start(1);
             TestPrometheus prometheus = TestPrometheus.start(AlertmanagerEndToEndIT.prometheusConfig(probe, """
                     alerting:
                       alertmanagers:
                         - static_configs: [{targets: ["127.0.0.1:%d"]}]
                           path_prefix: /
                           api_version: v2
                           authorization: {type: Bearer, credentials: "%s"}
                     """.formatted(firebreak.port(), ServiceHarness.RESPONDER)), AlertmanagerEndToEndIT.RULES)) {
            java.util.function.Supplier<String> context = () -> "Prometheus alerts: " + AlertmanagerEndToEndIT.body(prometheus)
                    + "\nPrometheus notifiers: " + alertmanagers(prometheus) + "\nFirebreak changes: " + firebreak.changes();

            probe.set(42);
            IncidentChange opened = Eventually.await(Duration.ofSeconds(60), "incident opened by Prometheus' push",
                    () -> AlertmanagerEndToEndIT.change(firebreak, IncidentChange.Kind.OPENED), context);

            assertThat(opened.incident().title()).isEqualTo("probe value is too high");
            assertThat(firebreak.service().alerts().ofIncident(opened.incident().id())).singleElement().satisfies(alert -> {
                assertThat(alert.alert().source()).isEqualTo("push");
                assertThat(alert.alert().labels()).containsEntry("alertname", "ProbeTooHigh").containsEntry("job", "probe");
                assertThat(alert.alert().generatorUrl()).startsWith(prometheus.url());
            });

            probe.set(3);
            IncidentChange resolved = Eventually.await(Duration.ofSeconds(60), "incident resolved by Prometheus' push",
                    () -> AlertmanagerEndToEndIT.change(firebreak, IncidentChange.Kind.RESOLVED), context);

            assertThat(resolved.incident().id()).isEqualTo(opened.incident().id());
            assertThat(firebreak.service().alerts().counts()).containsEntry("resolved", 1).doesNotContainKey("firing");
        }
    }

    private static String alertmanagers(TestPrometheus prometheus) {
        try {
            return prometheus.get("/api/v1/alertmanagers");
        } catch (Exception e) {
            return "(unreachable: " + e + ")";
        }
    }
}
