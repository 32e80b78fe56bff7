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
 * reach the commander (or, without one, the primary on call) directly and the breach at 100 % the next
 * escalation level, each exactly once on a recording Slack endpoint and each in the timeline, besides the
 * team channel whose route asks for RTO events; the resolved incident records that it missed its RTO.
 */
class RtoClockIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void warningsReachTheCommanderOrPrimaryAndTheBreachTheNextLevel_eachOnceAndInTheTimeline() throws Exception {
        try (var receiver = new StubHttpServer(request -> StubHttpServer.Response.json(200, "{}"));
             var harness = ServiceHarness.postgres("""
                     tiers:
                       - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                       - {tier: 2, name: high, rto: 4h, rpo: 1h}
                     services:
                       - {name: agente-api, tier: 1, escalation_policy: agente-api}
                     people:
                       - {name: alice, slack: U0ALICE}
                       - {name: bob, slack: U0BOB}
                       - {name: carol, slack: U0CAROL}
                       - {name: dave, slack: U0DAVE}
                     schedules:
                       - {name: primary, timezone: UTC, rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-02}, participants: [alice]}
                     escalation_policies:
                       - name: agente-api
                         page_channels: [slack-oncall]
                         steps:
                           - {targets: ["schedule:primary"], delay: 3h}
                           - {targets: ["person:bob"], delay: 3h}
                           - {targets: ["person:dave"]}
                     channels:
                       - {name: team, type: webhook, url: "%s/team"}
                       - {name: slack-oncall, type: slack, url: "%s/slack"}
                     routes:
                       - {channels: [team], events: [rto_warning, rto_breached]}
                     communication: {update_every: {}, on_status_change_within: off}
                     """.formatted(receiver.url(), receiver.url()))) {
            String commanded = open(harness);
            var assigned = harness.post("/api/v1/incidents/" + commanded + "/assign", ServiceHarness.RESPONDER, "{\"commander\": \"carol\"}");
            assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
            String uncommanded = open(harness);
            Instant start = harness.service().incidents().find(commanded).orElseThrow().impactStarted();
            awaitTicking(harness, () -> mentions(receiver, "U0ALICE") == 2, "the escalation's first pages");

            harness.clock().set(start.plus(Duration.ofMinutes(29)));
            settle(harness);
            assertThat(events(receiver)).isEmpty();

            // Each mark is recorded at the clock's exact time; then the clock ticks on so the Slack rate limit lets the pages out.
            harness.clock().set(start.plus(Duration.ofMinutes(30)));
            await(() -> rtoEvents(harness, commanded).size() == 1 && rtoEvents(harness, uncommanded).size() == 1, "the 50 % marks");
            awaitTicking(harness, () -> events(receiver).size() == 2 && rtoPages(receiver, "U0CAROL").size() == 1
                    && rtoPages(receiver, "U0ALICE").size() == 1, "the 50 % warnings");
            harness.clock().set(start.plus(Duration.ofMinutes(48)));
            await(() -> rtoEvents(harness, commanded).size() == 2 && rtoEvents(harness, uncommanded).size() == 2, "the 80 % marks");
            awaitTicking(harness, () -> events(receiver).size() == 4 && rtoPages(receiver, "U0CAROL").size() == 2
                    && rtoPages(receiver, "U0ALICE").size() == 2, "the 80 % warnings");
            harness.clock().set(start.plus(Duration.ofMinutes(60)));
            await(() -> rtoEvents(harness, commanded).size() == 3 && rtoEvents(harness, uncommanded).size() == 3, "the breach marks");
            awaitTicking(harness, () -> events(receiver).size() == 6 && rtoPages(receiver, "U0BOB").size() == 2, "the breaches");
            harness.clock().set(start.plus(Duration.ofMinutes(65)));
            settle(harness);
            assertThat(events(receiver)).containsExactly("rto_warning", "rto_warning", "rto_warning", "rto_warning", "rto_breached", "rto_breached");
            assertThat(rtoPages(receiver, "U0CAROL")).hasSize(2).allSatisfy(text -> assertThat(text).contains("Page for carol", "% of the RTO used"));
            assertThat(rtoPages(receiver, "U0ALICE")).hasSize(2).allSatisfy(text -> assertThat(text).contains("% of the RTO used"));
            assertThat(rtoPages(receiver, "U0BOB")).hasSize(2).allSatisfy(text -> assertThat(text).contains("RTO breached"));
            assertThat(rtoPages(receiver, "U0DAVE")).isEmpty();

            List<IncidentEvent> rtoEvents = rtoEvents(harness, commanded);
            assertThat(rtoEvents).extracting(IncidentEvent::message).containsExactly(
                    "50 % of the RTO used: 30m of 1h (tier 1), 30m left",
                    "80 % of the RTO used: 48m of 1h (tier 1), 12m left",
                    "RTO breached: 1h since impact start, tier 1 RTO 1h");
            assertThat(rtoEvents).extracting(IncidentEvent::at).containsExactly(start.plus(Duration.ofMinutes(30)),
                    start.plus(Duration.ofMinutes(48)), start.plus(Duration.ofMinutes(60)));
            assertThat(rtoPagedEvents(harness, commanded)).containsExactly(
                    "carol (commander) via slack-oncall: 50 % of the RTO used: 30m of 1h (tier 1), 30m left",
                    "carol (commander) via slack-oncall: 80 % of the RTO used: 48m of 1h (tier 1), 12m left",
                    "bob (escalation step 2 of agente-api) via slack-oncall: RTO breached: 1h since impact start, tier 1 RTO 1h");
            assertThat(rtoPagedEvents(harness, uncommanded)).containsExactly(
                    "alice (primary on call, schedule:primary) via slack-oncall: 50 % of the RTO used: 30m of 1h (tier 1), 30m left",
                    "alice (primary on call, schedule:primary) via slack-oncall: 80 % of the RTO used: 48m of 1h (tier 1), 12m left",
                    "bob (escalation step 2 of agente-api) via slack-oncall: RTO breached: 1h since impact start, tier 1 RTO 1h");

            var resolved = harness.post("/api/v1/incidents/" + commanded + "/resolve", ServiceHarness.RESPONDER, "{\"message\": \"back\"}");
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            RtoStore rto = new RtoStore(harness.service().database(), harness.service().incidents());
            await(() -> rto.verdicts(start, start.plus(Duration.ofDays(1))).equals(List.of(new RtoStore.Verdicts("agente-api", 0, 1))),
                    "the missed RTO is recorded");
        }
    }

    private static String open(ServiceHarness harness) throws Exception {
        var opened = harness.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                "{\"title\": \"API down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = JSON.readTree(opened.body()).path("id").asText();
        assertThat(id).startsWith("INC-");
        return id;
    }

    private static List<IncidentEvent> rtoEvents(ServiceHarness harness, String id) {
        return harness.service().incidents().timeline(id).stream()
                .filter(e -> e.type() == EventType.RTO_WARNING || e.type() == EventType.RTO_BREACHED).toList();
    }

    /** Waits, moving the clock a second per poll as time passes in production (the Slack channel spaces its sends). */
    private static void awaitTicking(ServiceHarness harness, BooleanSupplier condition, String what) throws InterruptedException {
        await(() -> {
            boolean done = condition.getAsBoolean();
            if (!done) {
                harness.clock().advance(Duration.ofSeconds(1));
            }
            return done;
        }, what);
    }

    /** The timeline's pages written by the RTO clock. */
    private static List<String> rtoPagedEvents(ServiceHarness harness, String id) {
        return harness.service().incidents().timeline(id).stream()
                .filter(e -> e.type() == EventType.PAGED && e.actor().equals(RtoStore.ACTOR)).map(IncidentEvent::message).toList();
    }

    /** Slack messages mentioning {@code slackId} about the RTO. */
    private static List<String> rtoPages(StubHttpServer receiver, String slackId) {
        return receiver.requests().stream().filter(request -> request.path().equals("/slack"))
                .map(StubHttpServer.Request::body).filter(body -> body.contains("<@" + slackId + ">") && body.contains("RTO")).toList();
    }

    private static long mentions(StubHttpServer receiver, String slackId) {
        return receiver.requests().stream().filter(request -> request.path().equals("/slack") && request.body().contains("<@" + slackId + ">"))
                .count();
    }

    private static List<String> events(StubHttpServer receiver) {
        return receiver.requests().stream().filter(request -> request.path().equals("/team")).map(request -> {
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
