package io.firebreak.server.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.firebreak.core.postmortem.PostMortemDocument;
import io.firebreak.server.postmortem.PostMortems;
import io.firebreak.server.report.Reports;
import io.firebreak.server.store.FalsePositives;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.PostMortemStore;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One SEV1 from detection to a published post-mortem, on a real service with a mutable clock, a
 * real SMTP server (GreenMail) for the management email and a recording webhook receiver for the
 * on-call reminders and the status page: the management email carries the seed's template with
 * revenue and users, the status-page milestone is recorded missed, the commander is reminded at
 * 30 minutes with no update, the draft's metadata and timeline match the incident, the overdue
 * post-mortem and action item remind on day 6, and the KPI report shows the incident's figures.
 */
class LearningEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    GreenMail smtp;
    StubHttpServer receiver;
    ServiceHarness service;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        receiver = new StubHttpServer(request -> StubHttpServer.Response.text(200, "text/plain", "ok"));
        service = ServiceHarness.sqlite("""
                channels:
                  - {name: oncall, type: webhook, url: "%1$s/oncall"}
                  - {name: status-page, type: webhook, url: "%1$s/status"}
                  - {name: management, type: email, from: firebreak@example.com, to: [cto@example.com], smtp: {host: 127.0.0.1, port: %2$d, tls: none}}
                routes:
                  - {channels: [status-page], events: [public_update]}
                people:
                  - {name: carol, email: carol@example.com}
                escalation_policies:                 # here for its page channel, which reminders use
                  - {name: oncall, page_channels: [oncall], steps: [{targets: ["person:carol"]}]}
                services:
                  - {name: agente-api, revenue_per_minute: 500, users: 12000}
                  - {name: billing, users: 36000}
                stakeholders:
                  - {name: management, channels: [management], deadlines: {SEV1: 15m}, sends: management_update}
                  - {name: status-page, channels: [status-page], deadlines: {SEV1: 15m}}
                """.formatted(receiver.url(), port));
        service.clock().set(START);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        receiver.close();
        smtp.stop();
    }

    JsonNode incident(String id) throws Exception {
        return JSON.readTree(service.get("/api/v1/incidents/" + id, ServiceHarness.VIEWER).body());
    }

    List<String> communication(String id) throws Exception {
        List<String> out = new ArrayList<>();
        incident(id).path("timeline").forEach(event -> {
            if (event.path("type").asText().equals("communication")) {
                out.add(event.path("message").asText());
            }
        });
        return out;
    }

    /** Waits until {@code count} rows of {@code channel} are recorded delivered (not only received) before the clock may move. */
    void awaitDelivered(String id, String channel, int count) {
        Eventually.await(Duration.ofSeconds(20), count + " delivered to " + channel, () -> Optional.of(true).filter(x ->
                service.service().outbox().list(Optional.of(id), false, 1000).stream()
                        .filter(row -> row.channel().equals(channel) && row.state().equals(OutboxRow.DELIVERED)).count() >= count),
                () -> service.service().outbox().list(Optional.of(id), false, 1000).toString());
    }

    /**
     * Moves the clock on in 31-second steps (the module runs every 30 s of its clock) until {@code done}
     * holds, waking the engine after each step and giving it time to run before the next one.
     */
    void advanceUntil(String what, java.util.function.BooleanSupplier done) {
        service.service().deliverSoon();
        Eventually.await(Duration.ofSeconds(40), what, () -> {
            if (done.getAsBoolean()) {
                return Optional.of(true);
            }
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (done.getAsBoolean()) {
                return Optional.of(true);
            }
            service.clock().advance(Duration.ofSeconds(31));
            service.service().deliverSoon();
            return Optional.empty();
        }, () -> receiver.requests().toString());
    }

    boolean has(String id, String prefix) {
        try {
            return communication(id).stream().anyMatch(message -> message.startsWith(prefix));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> mails() {
        List<String> out = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            out.add(GreenMailUtil.getBody(message).replace("=\r\n", "").replace("\r\n", "\n"));
        }
        return out;
    }

    @Test
    void oneSev1FromDetectionToAPublishedPostMortem() throws Exception {
        var opened = service.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                "{\"title\": \"Database down\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
        assertThat(opened.status()).isEqualTo(201);
        String id = JSON.readTree(opened.body()).path("id").asText();
        assertThat(service.post("/api/v1/incidents/" + id + "/assign", ServiceHarness.RESPONDER, "{\"commander\": \"carol\"}").status())
                .isEqualTo(200);

        // the management update goes out on the module's next cycle by email, with the seed's template and the business impact
        advanceUntil("first management update", () -> service.service().outbox().list(Optional.of(id), false, 100).stream()
                .anyMatch(row -> row.channel().equals("management")));
        awaitDelivered(id, "management", 1);
        assertThat(mails()).singleElement().asString().contains("INCIDENT UPDATE: " + id).contains("Status: INVESTIGATING")
                .contains("Severity: SEV1").contains("Users Affected: 12,000 (25%)").containsPattern("Revenue: ~\\$[0-9]+ lost during outage")
                .contains("SLA Impact: No").contains("Last Updated: 2026-11-29 10:0");

        // at 15 minutes the milestones are judged: management reached at once, the status page not at all
        service.clock().set(START.plus(Duration.ofMinutes(15)).plusSeconds(5));
        advanceUntil("milestones", () -> has(id, "Milestone status-page:") && has(id, "Milestone management:"));
        assertThat(communication(id)).contains("Milestone status-page: missed (deadline 15m after detection, 2026-11-29 10:15 UTC); not reached")
                .anyMatch(message -> message.startsWith("Milestone management: met at 2026-11-29 10:00 UTC"));

        // no public update by 30 minutes: the commander is reminded through the page channel
        service.clock().set(START.plus(Duration.ofMinutes(30)).plusSeconds(5));
        advanceUntil("update reminder", () -> has(id, "Reminder: a public update is due"));
        assertThat(communication(id)).anyMatch(message -> message.startsWith(
                "Reminder: a public update is due (SEV1: every 30m; due 2026-11-29 10:30 UTC) for carol"));
        awaitDelivered(id, "oncall", 1);
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/oncall")).map(StubHttpServer.Request::body))
                .anyMatch(body -> body.contains("Reminder: a public update is due") && body.contains("for carol"));

        // a late public update reaches the status page; the next management update counts the revenue lost so far
        service.clock().set(START.plus(Duration.ofMinutes(35)));
        var update = service.post("/api/v1/incidents/" + id + "/updates", ServiceHarness.RESPONDER,
                "{\"text\": \"We are restoring the primary database.\", \"public\": true}");
        assertThat(JSON.readTree(update.body()).path("cadence").path("late_seconds").asLong()).isEqualTo(300);
        awaitDelivered(id, "status-page", 1);
        advanceUntil("second management update", () -> smtp.getReceivedMessages().length >= 2);
        awaitDelivered(id, "management", 2);
        assertThat(mails().get(1)).containsPattern("Revenue: ~\\$17,[0-9]{3} lost during outage")
                .contains("Current Status:\nWe are restoring the primary database.");

        // resolved at 40 minutes; the draft's metadata and timeline come from the incident
        service.clock().set(START.plus(Duration.ofMinutes(40)));
        assertThat(service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{\"message\": \"failover complete\"}").status())
                .isEqualTo(200);
        // the post-resolution management update goes out on the module's next cycle: let it run and wait for its
        // delivery, so that the draft's timeline holds its event and the clock never jumps past a send in flight
        advanceUntil("post-resolution management update", () -> service.service().outbox().list(Optional.of(id), false, 100).stream()
                .filter(row -> row.channel().equals("management")).count() >= 3);
        awaitDelivered(id, "management", 3);
        var draft = service.post("/api/v1/incidents/" + id + "/postmortem", ServiceHarness.RESPONDER, "{}");
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        Path file = service.dir().resolve(JSON.readTree(draft.body()).path("path").asText());
        String document = Files.readString(file);
        assertThat(PostMortemDocument.block(document, "metadata").orElseThrow())
                .contains("| Incident ID | " + id + " |").contains("| Severity | SEV1 (CRITICAL) |").contains("| Status | POSTMORTEM |")
                .contains("| Detection time | 2026-11-29 10:00:00 UTC |").contains("| End time | 2026-11-29 10:40:00 UTC |")
                .contains("| Duration | 40m |").contains("| MTTR | 40m |").contains("| Incident commander | carol |")
                .contains("| Services affected | agente-api |").contains("| User impact | We are restoring the primary database. |");
        String timeline = PostMortemDocument.block(document, "timeline").orElseThrow();
        assertThat(timeline).contains("| 2026-11-29 10:00:00 UTC | opened").contains("| 2026-11-29 10:35:00 UTC | public update: We are restoring the primary database. | alice |")
                .contains("| 2026-11-29 10:40:00 UTC | resolved").contains("failover complete");
        assertThat(timeline.lines().filter(line -> line.startsWith("| 2026")).count()).isEqualTo(incident(id).path("timeline").size());
        assertThat(service.post("/api/v1/incidents/" + id + "/action-items", ServiceHarness.RESPONDER,
                "{\"priority\": \"P1\", \"description\": \"Alert on pool saturation\", \"owner\": \"carol\", \"due\": \"2026-12-01\"}").status())
                .isEqualTo(201);

        // day 6 after resolution, still a draft: the commander is reminded; the overdue action item reminds its owner
        int pagesBefore = (int) receiver.requests().stream().filter(r -> r.path().equals("/oncall")).count();
        service.clock().set(START.plus(Duration.ofMinutes(40)).plus(Duration.ofDays(4)));
        Thread.sleep(300);
        assertThat(has(id, "Reminder: the post-mortem is overdue")).isFalse();
        service.clock().set(START.plus(Duration.ofMinutes(40)).plus(Duration.ofDays(6)));
        advanceUntil("post-mortem and action-item reminders", () -> has(id, "Reminder: the post-mortem is overdue")
                && has(id, "Reminder: action item 1 is overdue"));
        assertThat(communication(id)).anyMatch(message -> message.startsWith("Reminder: the post-mortem is overdue (due 2026-12-04 10:40 UTC, DRAFT) for carol"))
                .anyMatch(message -> message.startsWith("Reminder: action item 1 is overdue (P1, due 2026-12-01) for carol"));
        awaitDelivered(id, "oncall", pagesBefore + 2);

        // published: the incident closes, and the KPI report shows its figures
        var published = service.post("/api/v1/incidents/" + id + "/postmortem/state", ServiceHarness.RESPONDER, "{\"state\": \"published\"}");
        assertThat(JSON.readTree(published.body()).path("state").asText()).isEqualTo("PUBLISHED");
        assertThat(incident(id).path("status").asText()).isEqualTo("CLOSED");
        Instant now = service.clock().instant();
        var postMortems = PostMortems.of(service.service().config(), service.service().incidents(), new PostMortemStore(service.service().database()));
        var report = Reports.build(service.service().config().config(), service.service().incidents(), postMortems,
                new FalsePositives(service.service().database()), Duration.ofDays(30), now, "30d");
        JsonNode json = JSON.valueToTree(Reports.json(report));
        assertThat(json.path("timings_by_severity").path("SEV1").path("mttr").path("median_seconds").asDouble()).isEqualTo(2400.0);
        assertThat(json.path("timings_by_service").path("agente-api").path("count").asInt()).isEqualTo(1);
        assertThat(json.path("current").path("postmortem_completion").path("percent").asDouble()).isEqualTo(100.0);
        assertThat(json.path("current").path("communication_compliance").path("whole").asInt()).isEqualTo(1);
        assertThat(json.path("current").path("communication_compliance").path("part").asInt()).isZero();
        assertThat(json.path("previous").path("incidents").asInt()).isZero();
        JsonNode uptime = json.path("uptime").get(0);
        assertThat(uptime.path("service").asText()).isEqualTo("agente-api");
        assertThat(uptime.path("downtime_seconds").asLong()).isEqualTo(2400);
        assertThat(uptime.path("error_budget_seconds").asLong()).isEqualTo(2592);   // 30 days at 99.9 %
        assertThat(report.kpis()).anySatisfy(kpi -> {
            assertThat(kpi.name()).isEqualTo("MTTR SEV1 (median)");
            assertThat(kpi.actual()).isEqualTo("40m");
            assertThat(kpi.verdict()).isEqualTo("missed");
        });
    }
}
