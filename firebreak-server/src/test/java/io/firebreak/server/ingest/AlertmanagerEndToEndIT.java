package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ProbeTarget;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.TestAlertmanager;
import io.firebreak.server.testing.TestPrometheus;
import io.firebreak.server.testing.WallClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prometheus evaluates a rule on a real scrape, sends to a real Alertmanager, whose webhook receiver
 * posts to Firebreak with a bearer token: the incident opens when the probe crosses the threshold and
 * resolves when it comes back.
 */
class AlertmanagerEndToEndIT {
    static final String RULES = """
            groups:
              - name: probe
                interval: 500ms
                rules:
                  - alert: ProbeTooHigh
                    expr: probe_value > 10
                    for: 1s
                    labels: {severity: critical, service: agente-api}
                    annotations: {summary: "probe value is too high"}
            """;

    static String prometheusConfig(ProbeTarget probe, String alerting) {
        return """
                global: {scrape_interval: 500ms, scrape_timeout: 400ms, evaluation_interval: 500ms}
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: probe
                    static_configs: [{targets: ["%s"]}]
                %s
                """.formatted(probe.address(), alerting);
    }

    @Test
    void prometheusThroughAlertmanagerWebhookOpensAndResolvesAnIncident() throws Exception {
        try (ServiceHarness firebreak = ServiceHarness.sqlite("");
             WallClock ignored = WallClock.follow(firebreak.clock());
             ProbeTarget probe = ProbeTarget.start(1);
             TestAlertmanager alertmanager = TestAlertmanager.start("""
                     route:
                       receiver: firebreak
                       group_by: [alertname]
                       group_wait: 0s
                       group_interval: 1s
                       repeat_interval: 1h
                     receivers:
                       - name: firebreak
                         webhook_configs:
                           - url: %s
                             send_resolved: true
                             http_config:
                               authorization: {type: Bearer, credentials: "%s"}
                     """.formatted(firebreak.url("/api/v1/alerts/alertmanager"), ServiceHarness.RESPONDER));
             TestPrometheus prometheus = TestPrometheus.start(prometheusConfig(probe, """
                     alerting:
                       alertmanagers:
                         - static_configs: [{targets: ["127.0.0.1:%d"]}]
                     """.formatted(alertmanager.port())), RULES)) {
            java.util.function.Supplier<String> context = () -> "Prometheus alerts: " + body(prometheus)
                    + "\nAlertmanager log: " + alertmanager.log() + "\nFirebreak changes: " + firebreak.changes();

            probe.set(42);
            IncidentChange opened = Eventually.await(Duration.ofSeconds(60), "incident opened through Alertmanager",
                    () -> change(firebreak, IncidentChange.Kind.OPENED), context);

            assertThat(opened.incident().title()).isEqualTo("probe value is too high");
            assertThat(opened.incident().service()).isEqualTo("agente-api");
            assertThat(firebreak.service().alerts().ofIncident(opened.incident().id())).singleElement()
                    .satisfies(alert -> assertThat(alert.alert().source()).isEqualTo("alertmanager"));

            probe.set(3);
            IncidentChange resolved = Eventually.await(Duration.ofSeconds(60), "incident resolved through Alertmanager",
                    () -> change(firebreak, IncidentChange.Kind.RESOLVED), context);

            assertThat(resolved.incident().id()).isEqualTo(opened.incident().id());
            assertThat(firebreak.service().incidents().find(opened.incident().id()).orElseThrow().status().name()).isEqualTo("RESOLVED");
        }
    }

    static Optional<IncidentChange> change(ServiceHarness firebreak, IncidentChange.Kind kind) {
        return firebreak.changes().stream().filter(c -> c.kind() == kind).findFirst();
    }

    static String body(TestPrometheus prometheus) {
        try {
            return prometheus.get("/api/v1/alerts");
        } catch (Exception e) {
            return "(unreachable: " + e + ")";
        }
    }
}
