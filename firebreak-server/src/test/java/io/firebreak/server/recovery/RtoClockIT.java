package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.server.store.RtoStore;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * An incident's RTO clock on a running service (PostgreSQL, mutable clock): the warnings at 50 % and 80 %
 * and the breach at 100 % each reach a recording webhook exactly once and stand in the timeline; the
 * resolved incident records that it missed its RTO.
 */
class RtoClockIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void warningsAtHalfAndEightyPercentAndTheBreachAreDeliveredOnceAndInTheTimeline() throws Exception {
        try (var receiver = new StubHttpServer(request -> StubHttpServer.Response.json(200, "{}"));
             var harness = ServiceHarness.postgres("""
                     tiers:
                       - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                       - {tier: 2, name: high, rto: 4h, rpo: 1h}
                     services:
                       - {name: agente-api, tier: 1}
                     channels:
                       - {name: hook, type: webhook, url: "%s/hook"}
                     routes:
                       - {channels: [hook], events: [rto_warning, rto_breached]}
                     """.formatted(receiver.url()))) {
            var opened = harness.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                    "{\"title\": \"API down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            String id = JSON.readTree(opened.body()).path("id").asText();
            assertThat(id).startsWith("INC-");

            harness.clock().advance(Duration.ofMinutes(29));
            settle(harness);
            assertThat(events(receiver)).isEmpty();

            harness.clock().advance(Duration.ofMinutes(1));
            await(() -> events(receiver).size() == 1, "the 50 % warning");
            harness.clock().advance(Duration.ofMinutes(18));
            await(() -> events(receiver).size() == 2, "the 80 % warning");
            harness.clock().advance(Duration.ofMinutes(12));
            await(() -> events(receiver).size() == 3, "the breach");
            harness.clock().advance(Duration.ofMinutes(5));
            settle(harness);
            assertThat(events(receiver)).containsExactly("rto_warning", "rto_warning", "rto_breached");

            List<IncidentEvent> rtoEvents = harness.service().incidents().timeline(id).stream()
                    .filter(e -> e.type() == EventType.RTO_WARNING || e.type() == EventType.RTO_BREACHED).toList();
            assertThat(rtoEvents).extracting(IncidentEvent::message).containsExactly(
                    "50 % of the RTO used: 30m of 1h (tier 1), 30m left",
                    "80 % of the RTO used: 48m of 1h (tier 1), 12m left",
                    "RTO breached: 1h since impact start, tier 1 RTO 1h");
            Instant start = harness.service().incidents().find(id).orElseThrow().impactStarted();
            assertThat(rtoEvents).extracting(IncidentEvent::at).containsExactly(start.plus(Duration.ofMinutes(30)),
                    start.plus(Duration.ofMinutes(48)), start.plus(Duration.ofMinutes(60)));

            var resolved = harness.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{\"message\": \"back\"}");
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            RtoStore rto = new RtoStore(harness.service().database(), harness.service().incidents());
            await(() -> rto.verdicts(start, start.plus(Duration.ofDays(1))).equals(List.of(new RtoStore.Verdicts("agente-api", 0, 1))),
                    "the missed RTO is recorded");
        }
    }

    private static List<String> events(StubHttpServer receiver) {
        return receiver.requests().stream().map(request -> {
            try {
                JsonNode body = JSON.readTree(request.body());
                return body.path("event").asText();
            } catch (java.io.IOException e) {
                return "unreadable";
            }
        }).toList();
    }

    /** Lets the engine loop (1 s tick) and delivery run a few times at the current clock. */
    private static void settle(ServiceHarness harness) throws InterruptedException {
        Thread.sleep(2500);
        await(() -> harness.service().outbox().backlog().pending() == 0, "nothing left to deliver");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
