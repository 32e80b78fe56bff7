package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.rules.RuleFileLoader;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import io.firebreak.server.testing.TestPrometheus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same alerting rules run in a real Prometheus and in Firebreak, over a metric the test flips:
 * Firebreak must fire and resolve within one evaluation interval of Prometheus's own ALERTS series,
 * for {@code for: 0}, {@code for: 5s} and a {@code keep_firing_for} case.
 */
class PrometheusParityIT {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** HTTP round trips and scheduling on a loaded two-core machine, on top of the interval. */
    static final Duration SLACK = Duration.ofMillis(400);

    static final String RULES = """
            groups:
              - name: parity
                interval: 1s
                rules:
                  - alert: ProbeFor0
                    expr: probe_value > 10
                    labels: {severity: critical}
                  - alert: ProbeFor5
                    expr: probe_value > 10
                    for: 5s
                    labels: {severity: warning}
                  - alert: ProbeKeepFiring
                    expr: probe_value > 10
                    keep_firing_for: 3s
                    labels: {severity: warning}
            """;

    @TempDir
    Path dir;

    @Test
    void firesAndResolvesWithinOneIntervalOfPrometheus() throws Exception {
        var value = new java.util.concurrent.atomic.AtomicInteger(0);
        try (var target = new StubHttpServer(r -> Response.text(200, "text/plain; version=0.0.4",
                "# TYPE probe_value gauge\nprobe_value " + value.get() + "\n"))) {
            String config = """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: probe
                        static_configs: [{targets: ['%s']}]
                    """.formatted(target.url().substring("http://".length()));
            try (var prometheus = TestPrometheus.start(config, RULES);
                 var database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("fb.db"), null, null, null))) {
                List<Rule> rules = ((RuleFileLoader.Result.Loaded) new RuleFileLoader(name -> null, RuleFileLoader.DEFAULT_SEVERITY_MAP)
                        .parse("rules.yml", RULES)).rules();
                var client = new PrometheusClient(List.of(prometheus.url()), Duration.ofSeconds(2));
                var engine = new DetectionEngine(rules, new PrometheusSource(client), new DetectionStore(database), INTERVAL,
                        Duration.ofMinutes(5));
                AtomicBoolean running = new AtomicBoolean(true);
                Thread loop = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        Instant now = Instant.now();
                        engine.runDue(now);
                        long wait = Duration.between(Instant.now(), engine.nextDue(now)).toMillis();
                        try {
                            Thread.sleep(Math.max(wait, 10));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                Instant start = Instant.now();
                Thread.sleep(4_000);       // scrapes and evaluations of the quiet value
                value.set(100);
                Thread.sleep(9_000);       // all three fire; ProbeFor5 after its hold
                value.set(0);
                Thread.sleep(8_000);       // all three resolve; ProbeKeepFiring 3s later
                running.set(false);
                loop.interrupt();
                loop.join(5_000);
                engine.close();
                Instant end = Instant.now();

                Map<String, Instant[]> prom = firingSpans(prometheus, start, end);
                Map<String, Incident> firebreak = new HashMap<>();
                for (Incident incident : new IncidentStore(database).list(IncidentQuery.all())) {
                    firebreak.put(incident.source().substring("rule:".length()), incident);
                }
                assertThat(prom).containsOnlyKeys("ProbeFor0", "ProbeFor5", "ProbeKeepFiring");
                assertThat(firebreak).containsOnlyKeys("ProbeFor0", "ProbeFor5", "ProbeKeepFiring");
                for (String alert : prom.keySet()) {
                    Instant promFired = prom.get(alert)[0];
                    // ALERTS gets a stale marker at the evaluation that resolves the alert, so at 100ms steps the
                    // series ends within one step of the resolving evaluation.
                    Instant promResolved = prom.get(alert)[1].plusMillis(100);
                    Incident incident = firebreak.get(alert);
                    assertThat(incident.resolved()).as(alert + " resolved in Firebreak").isNotNull();
                    System.out.printf("parity %-16s fired %+5dms  resolved %+5dms (Firebreak minus Prometheus)%n", alert,
                            Duration.between(promFired, incident.detected()).toMillis(),
                            Duration.between(promResolved, incident.resolved()).toMillis());
                    assertThat(Duration.between(promFired, incident.detected()).abs())
                            .as(alert + " fired: Prometheus %s, Firebreak %s", promFired, incident.detected())
                            .isLessThanOrEqualTo(INTERVAL.plus(SLACK));
                    assertThat(Duration.between(promResolved, incident.resolved()).abs())
                            .as(alert + " resolved: Prometheus %s, Firebreak %s", promResolved, incident.resolved())
                            .isLessThanOrEqualTo(INTERVAL.plus(SLACK));
                }
                // the hold and keep_firing_for really shaped the timings
                assertThat(Duration.between(firebreak.get("ProbeFor0").detected(), firebreak.get("ProbeFor5").detected()))
                        .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
                assertThat(Duration.between(firebreak.get("ProbeFor0").resolved(), firebreak.get("ProbeKeepFiring").resolved()))
                        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            }
        }
    }

    /** First and last timestamp of each alert's ALERTS{alertstate="firing"} series, at 100ms resolution. */
    static Map<String, Instant[]> firingSpans(TestPrometheus prometheus, Instant start, Instant end) throws Exception {
        String query = java.net.URLEncoder.encode("ALERTS{alertstate=\"firing\"}", java.nio.charset.StandardCharsets.UTF_8);
        JsonNode body = new ObjectMapper().readTree(prometheus.get("/api/v1/query_range?query=" + query
                + "&start=" + start.getEpochSecond() + "&end=" + (end.getEpochSecond() + 1) + "&step=0.1"));
        Map<String, Instant[]> spans = new HashMap<>();
        for (JsonNode series : body.at("/data/result")) {
            String alert = series.at("/metric/alertname").asText();
            JsonNode values = series.get("values");
            Instant first = Instant.ofEpochMilli((long) (values.get(0).get(0).asDouble() * 1000));
            Instant last = Instant.ofEpochMilli((long) (values.get(values.size() - 1).get(0).asDouble() * 1000));
            spans.put(alert, new Instant[] {first, last});
        }
        return spans;
    }
}
