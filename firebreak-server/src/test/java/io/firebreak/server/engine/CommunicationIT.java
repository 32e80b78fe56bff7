package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The communication module in a real service with a mutable clock and a recording Slack webhook:
 * a SEV1 with no public update reminds its commander at 30 minutes (once), an update resets the
 * cadence, and a resolved SEV1 without a published post-mortem reminds on day 6.
 */
class CommunicationIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    StubHttpServer slack;
    ServiceHarness service;

    @BeforeEach
    void start() throws Exception {
        slack = new StubHttpServer(request -> StubHttpServer.Response.text(200, "text/plain", "ok"));
        service = ServiceHarness.sqlite("""
                channels:
                  - {name: slack-oncall, type: slack, url: "%s/slack"}
                  - {name: slack-incidents, type: slack, url: "%s/incidents"}
                  - {name: slack-management, type: slack, url: "%s/management"}
                routes:
                  - {channels: [slack-incidents]}
                people:
                  - {name: carol, email: carol@example.com, slack: U0CAROL}
                escalation_policies:                 # no service uses it: here only for its page channel, which reminders use
                  - {name: oncall, page_channels: [slack-oncall], steps: [{targets: ["person:carol"]}]}
                stakeholders:
                  - {name: engineering, channels: [slack-incidents], deadlines: {SEV1: 10m, SEV2: 30m}}
                  - {name: management, channels: [slack-management], deadlines: {SEV1: 15m}}
                """.formatted(slack.url(), slack.url(), slack.url()));
        service.clock().set(START);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        slack.close();
    }

    List<String> reminders(String id) throws Exception {
        return notes(id).stream().filter(message -> message.startsWith("Reminder:")).toList();
    }

    List<String> milestones(String id) throws Exception {
        return notes(id).stream().filter(message -> message.startsWith("Milestone ")).toList();
    }

    List<String> notes(String id) throws Exception {
        JsonNode incident = JSON.readTree(service.get("/api/v1/incidents/" + id, ServiceHarness.VIEWER).body());
        List<String> out = new ArrayList<>();
        incident.path("timeline").forEach(event -> {
            if (event.path("actor").asText().equals(CommunicationModule.ACTOR)) {
                out.add(event.path("message").asText());
            }
        });
        return out;
    }

    long mentions() {
        return slack.requests().stream().filter(request -> request.body().contains("U0CAROL")).count();
    }

    /** Moves the clock on in steps until {@code count} reminders are on the timeline (the engine runs every 30 s of its clock). */
    void awaitReminders(String id, int count) {
        Eventually.await(Duration.ofSeconds(20), count + " reminder(s)", () -> {
            try {
                if (reminders(id).size() >= count) {
                    return Optional.of(true);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            service.clock().advance(Duration.ofSeconds(31));
            return Optional.empty();
        }, () -> "slack saw " + slack.requests().size() + " messages");
    }

    @Test
    void commanderIsRemindedWhenAnUpdateIsDueAndPostMortemWhenOverdue() throws Exception {
        var reply = service.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                "{\"title\": \"Database down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
        assertThat(reply.status()).isEqualTo(201);
        String id = JSON.readTree(reply.body()).path("id").asText();
        assertThat(service.post("/api/v1/incidents/" + id + "/assign", ServiceHarness.RESPONDER, "{\"commander\": \"carol\"}").status())
                .isEqualTo(200);

        // the opened message reaches the engineering channel at once (delivery runs on the same clock); wait until the
        // outbox has recorded it as delivered, not only until the receiver saw it, before the clock moves on
        Eventually.await(Duration.ofSeconds(10), "opened message delivered to slack-incidents", () -> Optional.of(true)
                .filter(x -> service.service().outbox().list(Optional.of(id), false, 100).stream()
                        .anyMatch(row -> row.channel().equals("slack-incidents") && row.state().equals("delivered"))),
                () -> slack.requests().toString());
        service.clock().set(START.plus(Duration.ofMinutes(29)));
        Thread.sleep(300);   // a few engine loops at 29 minutes: nothing is due yet
        service.clock().advance(Duration.ofSeconds(31));
        Thread.sleep(300);
        assertThat(reminders(id)).isEmpty();

        service.clock().set(START.plus(Duration.ofMinutes(30)).plusSeconds(5));
        awaitReminders(id, 1);
        assertThat(reminders(id).get(0)).startsWith("Reminder: a public update is due (SEV1: every 30m; due 2026-11-29 10:30 UTC) for carol");
        Eventually.await(Duration.ofSeconds(10), "slack reminder to carol", () -> Optional.of(true).filter(x -> mentions() >= 1),
                () -> slack.requests().toString());
        // the stakeholder matrix: engineering got the opened message at once, nothing reached management
        assertThat(milestones(id)).containsExactlyInAnyOrder(
                "Milestone engineering: met at 2026-11-29 10:00 UTC (deadline 10m after detection)",
                "Milestone management: missed (deadline 15m after detection, 2026-11-29 10:15 UTC); not reached");
        // once per due update, however many cycles pass
        service.clock().advance(Duration.ofMinutes(5));
        Thread.sleep(500);
        assertThat(reminders(id)).hasSize(1);

        // an update resets the cadence: the next reminder comes 30 minutes after it
        Instant updateAt = service.clock().instant();
        var updated = service.service().incidents().update(id, i -> IncidentLifecycle.publicUpdate(i, "Investigating", "carol", updateAt));
        assertThat(updated).isInstanceOf(IncidentStore.Update.Updated.class);
        service.clock().advance(Duration.ofMinutes(29));
        Thread.sleep(500);
        assertThat(reminders(id)).hasSize(1);
        service.clock().advance(Duration.ofMinutes(1).plusSeconds(5));
        awaitReminders(id, 2);

        // resolved: no more update reminders; the post-mortem is due 5 days later and reminded on day 6
        Instant resolvedAt = service.clock().instant();
        service.service().incidents().update(id, i -> IncidentLifecycle.resolve(i, "fixed", "carol", resolvedAt));
        service.clock().set(resolvedAt.plus(Duration.ofDays(4)));
        Thread.sleep(500);
        assertThat(reminders(id)).hasSize(2);
        service.clock().set(resolvedAt.plus(Duration.ofDays(6)));
        awaitReminders(id, 3);
        assertThat(reminders(id).get(2)).startsWith("Reminder: the post-mortem is overdue").contains("not started").contains("for carol");
        service.clock().advance(Duration.ofHours(1));
        Thread.sleep(500);
        assertThat(reminders(id)).hasSize(3);
        assertThat(milestones(id)).hasSize(2);
    }

    @Test
    void aSev3IsRemindedOnlyAfterAStatusChangeWithoutAnUpdate() throws Exception {
        var reply = service.post("/api/v1/incidents", ServiceHarness.RESPONDER, "{\"title\": \"Slow search\", \"severity\": \"SEV3\"}");
        String id = JSON.readTree(reply.body()).path("id").asText();
        service.post("/api/v1/incidents/" + id + "/assign", ServiceHarness.RESPONDER, "{\"commander\": \"carol\"}");
        service.clock().set(START.plus(Duration.ofHours(3)));
        Thread.sleep(500);   // no fixed cadence for SEV3: hours pass without a reminder
        assertThat(reminders(id)).isEmpty();

        assertThat(service.post("/api/v1/incidents/" + id + "/status", ServiceHarness.RESPONDER,
                "{\"status\": \"identified\", \"message\": \"index rebuild\"}").status()).isEqualTo(200);
        service.clock().advance(Duration.ofMinutes(16));
        awaitReminders(id, 1);
        assertThat(reminders(id).get(0)).startsWith("Reminder: a public update is due (SEV3: on status change, within 15m; due 2026-11-29 13:15 UTC) for carol");
        // answered: no further reminder until the next status change
        Instant at = service.clock().instant();
        service.service().incidents().update(id, i -> IncidentLifecycle.publicUpdate(i, "Search is slow; rebuilding the index", "carol", at));
        service.clock().advance(Duration.ofHours(1));
        Thread.sleep(500);
        assertThat(reminders(id)).hasSize(1);
    }
}
