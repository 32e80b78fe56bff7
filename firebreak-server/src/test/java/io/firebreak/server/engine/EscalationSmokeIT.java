package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's escalation chain end to end: a real service (SQLite, then two instances on one
 * PostgreSQL), a mutable clock, a recording Slack webhook and a real SMTP server (GreenMail). The
 * first two steps page whoever the primary and secondary schedules put on call (the seed's weekly
 * rotation, handed over on Mondays at 09:00 Madrid time); the rest name people.
 */
class EscalationSmokeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    GreenMail smtp;
    StubHttpServer slack;
    final List<ServiceHarness> services = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        slack = new StubHttpServer(request -> StubHttpServer.Response.text(200, "text/plain", "ok"));
    }

    @AfterEach
    void stop() {
        services.forEach(ServiceHarness::close);
        slack.close();
        smtp.stop();
    }

    String yaml(String extraPerson) {
        return """
                channels:
                  - {name: slack-oncall, type: slack, url: "%s/slack"}
                  - {name: mail, type: email, from: firebreak@example.com, smtp: {host: 127.0.0.1, port: %d, tls: none}}
                people:
                  - {name: alice, email: alice@example.com, slack: U0ALICE}
                  - {name: bob, email: bob@example.com, slack: U0BOB}
                  - {name: carol, email: carol@example.com, slack: U0CAROL}
                  - {name: team-lead, email: lead@example.com, slack: U0LEAD}
                  - {name: director, email: director@example.com}
                %s
                schedules:
                  - {name: primary, timezone: Europe/Madrid, rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-23},
                     participants: [alice, carol]}
                  - {name: secondary, timezone: Europe/Madrid, rotation: {every: 1w, handoff: "MON 09:00", start: 2026-11-23},
                     participants: [bob, carol]}
                escalation_policies:
                  - name: agente-api
                    page_channels: [slack-oncall, mail]
                    steps:
                      - {targets: ["%s"], delay: 900s}
                      - {targets: ["schedule:secondary"], delay: 30m}
                      - {targets: ["person:carol"], delay: 15m}
                      - {targets: ["person:team-lead"], delay: 30m}
                      - {targets: ["person:director"]}
                    no_progress: {severities: [SEV1], after: 30m}
                    unresolved_after: 2h
                services:
                  - {name: agente-api, tier: 1, escalation_policy: agente-api}
                communication: {update_every: {}, on_status_change_within: off}   # no update reminders: this test counts pages only
                """.formatted(slack.url(), smtp.getSmtp().getPort(), extraPerson.isEmpty() ? "" : "  - " + extraPerson,
                extraPerson.isEmpty() ? "schedule:primary" : "person:nobody");
    }

    /** Moves every instance's clock to {@code minutes} after the start. */
    void at(int minutes) {
        // A send in flight holds its claim for OutboxStore.LEASE of the clock: jumping past it would let the
        // other instance claim the row again and send it twice. Production clocks do not jump; wait instead.
        Eventually.await(Duration.ofSeconds(15), "no send in flight", () -> Optional.of(true).filter(x -> services.get(0).service()
                        .outbox().list(Optional.empty(), false, 1000).stream()
                        .noneMatch(row -> row.claimToken() != null && (row.state().equals("pending") || row.state().equals("held")))),
                () -> "claimed rows remain");
        services.forEach(service -> service.clock().set(START.plus(Duration.ofMinutes(minutes))));
    }

    long slackMentions(String slackId) {
        return slack.requests().stream().filter(request -> request.body().contains("<@" + slackId + ">")).count();
    }

    long mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> recipients(message).contains(address)).count();
    }

    static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for the page. Each poll moves the clocks a second on, as time passes in production: the
     * instance that leads escalation may not be the one a change woke, and it runs every 5 s of its clock.
     */
    void awaitPaged(String person, String slackId, String email) {
        Eventually.await(Duration.ofSeconds(15), "page to " + person, () -> {
                    boolean paged = (slackId.isEmpty() || slackMentions(slackId) >= 1) && mailsTo(email) >= 1;
                    if (!paged) {
                        services.forEach(service -> service.clock().advance(Duration.ofSeconds(1)));
                    }
                    return Optional.of(true).filter(x -> paged);
                },
                () -> "slack saw " + slack.requests().stream().map(StubHttpServer.Request::body).toList().size()
                        + " messages; mail to " + Arrays.stream(smtp.getReceivedMessages()).map(EscalationSmokeIT::recipients).toList());
    }

    String open(ServiceHarness service, String severity) throws Exception {
        var reply = service.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                "{\"title\": \"Database down\", \"severity\": \"" + severity + "\", \"service\": \"agente-api\"}");
        assertThat(reply.status()).isEqualTo(201);
        return JSON.readTree(reply.body()).path("id").asText();
    }

    List<String> timeline(ServiceHarness service, String id, String type) throws Exception {
        JsonNode incident = JSON.readTree(service.get("/api/v1/incidents/" + id, ServiceHarness.VIEWER).body());
        List<String> messages = new ArrayList<>();
        incident.path("timeline").forEach(event -> {
            if (event.path("type").asText().equals(type)) {
                messages.add(event.path("message").asText());
            }
        });
        return messages;
    }

    /** Lets a few engine loops (real time) pass, so that "nothing happened" means something. */
    static void settle() throws InterruptedException {
        Thread.sleep(2500);
    }

    void runsTheSeedChain(ServiceHarness first) throws Exception {
        String id = open(first, "SEV1");
        awaitPaged("alice", "U0ALICE", "alice@example.com");
        assertThat(timeline(first, id, "paged")).containsExactly("alice (step 1 of agente-api, schedule:primary) via slack-oncall, mail");

        at(14);
        settle();
        assertThat(slackMentions("U0BOB")).isZero();
        at(15);
        awaitPaged("bob", "U0BOB", "bob@example.com");
        assertThat(timeline(first, id, "escalated")).containsExactly(
                "step 1 → step 2 of agente-api (schedule:secondary): no acknowledgement within 15m");

        at(20);
        assertThat(first.post("/api/v1/incidents/" + id + "/acknowledge", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);
        at(45);   // the secondary's 30 minutes are over, but the acknowledgement stopped the chain
        settle();
        assertThat(slackMentions("U0CAROL")).isZero();

        at(50);   // 30 minutes without progress since the acknowledgement
        awaitPaged("carol", "U0CAROL", "carol@example.com");
        // The reason gives the quiet time when the cycle ran: 30m and the few seconds the test's polls moved the clock.
        assertThat(timeline(first, id, "escalated")).last().asString()
                .matches("step 2 → step 3 of agente-api \\(person:carol\\): SEV1 with no progress \\(no status change or note\\) for 30m\\d*s?");

        at(120);
        awaitPaged("team-lead", "U0LEAD", "lead@example.com");
        assertThat(timeline(first, id, "escalated")).last().asString()
                .matches("step 3 → step 4 of agente-api \\(person:team-lead\\): unresolved after 2h\\d*s?");

        settle();
        // Each page went out once, through each of the policy's channels.
        for (String slackId : List.of("U0ALICE", "U0BOB", "U0CAROL", "U0LEAD")) {
            assertThat(slackMentions(slackId)).as(() -> slackId + " in " + slack.requests().stream().map(StubHttpServer.Request::body)
                    .filter(body -> body.contains("<@" + slackId + ">")).toList()).isEqualTo(1);
        }
        for (String email : List.of("alice@example.com", "bob@example.com", "carol@example.com", "lead@example.com")) {
            assertThat(mailsTo(email)).as(email).isEqualTo(1);
        }
        assertThat(slackMentions("U0DIRECTOR")).isZero();
        assertThat(mailsTo("director@example.com")).isZero();
        assertThat(slack.requests()).allSatisfy(request -> assertThat(request.body()).contains(id));
    }

    @Test
    void theSeedChainPagesPrimarySecondaryCommanderAndTeamLeadOnSqlite() throws Exception {
        ServiceHarness service = ServiceHarness.sqlite(yaml(""));
        services.add(service);
        runsTheSeedChain(service);
        assertThat(service.get("/metrics", ServiceHarness.VIEWER).body()).contains("firebreak_escalation_pages_total 4.0");
    }

    @Test
    void theSameChainHoldsWithTwoInstancesOnOnePostgresql() throws Exception {
        StorageConfig database = TestPostgres.get().newDatabase();
        for (int i = 0; i < 2; i++) {
            services.add(ServiceHarness.start(Files.createTempDirectory("firebreak-escalation"), database, yaml(""), List.of(),
                    Optional.empty(), START));
        }
        runsTheSeedChain(services.get(0));
    }

    @Test
    void aPersonWithoutContactIsLoudAndTheNextStepIsPagedAtOnce() throws Exception {
        ServiceHarness service = ServiceHarness.sqlite(yaml("{name: nobody}"));
        services.add(service);
        String id = open(service, "SEV2");
        awaitPaged("bob", "U0BOB", "bob@example.com");
        assertThat(timeline(service, id, "nobody_paged")).containsExactly(
                "step 1 of agente-api, person:nobody: nobody has no contact the page channels can use (Slack id or email)");
        assertThat(timeline(service, id, "escalated")).containsExactly(
                "step 1 → step 2 of agente-api (schedule:secondary): step 1 reached nobody");
        assertThat(service.get("/metrics", ServiceHarness.VIEWER).body()).contains("firebreak_escalation_unrouted_total 1.0");
    }

    @Test
    void escalatingThroughTheApiPagesTheNextStepNow() throws Exception {
        ServiceHarness service = ServiceHarness.sqlite(yaml(""));
        services.add(service);
        String id = open(service, "SEV2");
        awaitPaged("alice", "U0ALICE", "alice@example.com");
        assertThat(service.post("/api/v1/incidents/" + id + "/acknowledge", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);

        var reply = service.post("/api/v1/incidents/" + id + "/escalate", ServiceHarness.RESPONDER, "{\"reason\": \"needs the DBA\"}");
        assertThat(reply.status()).isEqualTo(200);
        awaitPaged("bob", "U0BOB", "bob@example.com");
        assertThat(timeline(service, id, "escalated")).containsExactly(
                "step 1 → step 2 of agente-api (schedule:secondary): escalated by alice: needs the DBA");

        assertThat(service.post("/api/v1/incidents/" + id + "/escalate", ServiceHarness.VIEWER, "{}").status()).isEqualTo(403);
        assertThat(service.post("/api/v1/incidents/INC-20261129-999/escalate", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(404);
        assertThat(service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);
        var resolved = service.post("/api/v1/incidents/" + id + "/escalate", ServiceHarness.RESPONDER, "{}");
        assertThat(resolved.status()).isEqualTo(409);
        assertThat(resolved.body()).contains("only an open incident can be escalated");
    }
}
