package io.firebreak.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.testing.PostgresServer;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import io.firebreak.server.testing.WallClock;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under a running service, in real time: ingestion answers 503 while it is
 * down and nothing it answered 2xx for is lost; detection and delivery log, wait and resume; then
 * the invariants hold (one incident per alert group, every message delivered, timelines in order).
 */
class PostgresRestartIT {
    static final Rule BREACH = new Rule("queue_stuck", "rules.yml", "queue_depth", Optional.of(Comparison.GT), 100, Duration.ZERO,
            Duration.ZERO, Severity.HIGH, "agente-api", "", "queue stuck", "", Map.of(), Map.of(), List.of(), false, true,
            Optional.empty(), "rules.yml:1");

    @Test
    void ingestionAnswers503WhileTheStoreIsDownAndNothingAcceptedIsLost() throws Exception {
        AtomicInteger depth = new AtomicInteger(0);
        MetricSource source = (rule, at) -> new QueryResult.Samples(List.of(new Sample(Map.of("queue", "q1"), depth.get())), "test");
        try (PostgresServer postgres = PostgresServer.start();
             var receiver = new StubHttpServer(request -> Response.json(200, "{}"))) {
            var dir = Files.createTempDirectory("firebreak-restart");
            String yaml = """
                    detection: {interval: 1s}
                    channels:
                      - {name: hook, type: webhook, url: "%s/hook"}
                    routes:
                      - {channels: [hook]}
                    """.formatted(receiver.url());
            try (var service = ServiceHarness.start(dir, postgres.storage(), yaml, List.of(BREACH), Optional.of(source), Instant.now());
                 var wall = WallClock.follow(service.clock())) {
                List<String> accepted = new ArrayList<>();
                int sent = 0;
                accepted.addAll(post(service, sent++, 200));
                await(() -> service.changes().size() == 1, "the first alert opens an incident");

                postgres.stop();
                int refused = 0;
                for (int i = 0; i < 3; i++) {
                    var reply = service.post("/api/v2/alerts", ServiceHarness.RESPONDER, alert(sent++));
                    assertThat(reply.status()).as("no 2xx for what cannot be stored: %s", reply.body()).isGreaterThanOrEqualTo(300);
                    assertThat(reply.status()).isEqualTo(503);
                    refused++;
                }
                assertThat(service.get("/health/ready", null).status()).isEqualTo(503);
                depth.set(500);                                  // the rule breaches while the store is down

                postgres.startAgain();
                await(() -> service.get("/health/ready", null).status() == 200, "ready again after the restart");
                for (int i = 0; i < 3; i++) {
                    accepted.addAll(post(service, sent++, 200));
                }
                // Detection resumes and records the breach; delivery sends everything queued.
                await(() -> service.service().incidents().list(IncidentQuery.all()).stream()
                        .anyMatch(incident -> incident.source().equals("rule:queue_stuck")), "detection resumes after the restart");
                await(() -> service.service().outbox().backlog().pending() == 0, "every notification delivered");

                // Nothing answered 2xx is lost.
                var stored = service.service().alerts().list(Optional.of("push"), false, 1000).stream()
                        .map(a -> a.alert().labels().get("alertname")).toList();
                assertThat(stored).containsAll(accepted).hasSize(accepted.size());
                assertThat(refused).isEqualTo(3);
                Invariants.check(service.service());
                assertThat(receiver.requests()).hasSizeGreaterThanOrEqualTo(service.service().incidents().count());
            }
        }
    }

    private static List<String> post(ServiceHarness service, int n, int expected) {
        var reply = service.post("/api/v2/alerts", ServiceHarness.RESPONDER, alert(n));
        assertThat(reply.status()).as(reply.body()).isEqualTo(expected);
        return List.of("Restart" + n);
    }

    private static String alert(int n) {
        return "[{\"labels\": {\"alertname\": \"Restart" + n + "\", \"service\": \"agente-api\", \"severity\": \"warning\"},"
                + " \"annotations\": {\"summary\": \"alert " + n + "\"}}]";
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            boolean met;
            try {
                met = condition.getAsBoolean();
            } catch (RuntimeException e) {
                met = false;   // the store may still be coming back
            }
            if (met) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 40 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
