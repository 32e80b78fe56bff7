package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.channel.webhook.WebhookNotifier;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.SilenceStore;
import io.firebreak.server.testing.MutableClock;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Notifications end to end: outbox rows written with the change, delivered to real local HTTP receivers, on a moved clock. */
abstract class DeliverySmokeContract {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
    static final String HOOK_SECRET = "hmac-secret-do-not-print";
    static final String SLACK_PATH = "/services/T000/B000/slack-path-secret";

    abstract StorageConfig freshStorage();

    @TempDir
    Path dir;

    Database database;
    MutableClock clock;
    StubHttpServer slack;
    StubHttpServer pagerDuty;
    StubHttpServer hook;
    IncidentStore incidents;
    OutboxStore outbox;
    DeliveryWorker worker;
    SilenceStore silences;
    final StringWriter console = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        database = Database.open(freshStorage());
        clock = new MutableClock(T0);
        slack = new StubHttpServer(r -> Response.text(200, "text/plain", "ok"));
        pagerDuty = new StubHttpServer(r -> Response.json(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"INC\"}"));
        hook = new StubHttpServer(r -> Response.json(200, "{}"));
        Files.writeString(dir.resolve("firebreak.yml"), """
                server: {external_url: "https://firebreak.example.com"}
                channels:
                  - {name: slack, type: slack, url: "%s%s"}
                  - {name: pagerduty, type: pagerduty, routing_key: "%s", url: "%s/v2/enqueue"}
                  - {name: hooks, type: webhook, url: "%s/hook", secret: "%s", headers: {X-Team: sre}}
                  - {name: console, type: console}
                routes:
                  - {matchers: ['severity=~"SEV1|SEV2"'], channels: [slack, pagerduty, hooks]}
                  - {matchers: ['severity="SEV3"'], channels: [slack]}
                  - {matchers: ['severity="SEV4"'], channels: [console], events: [opened, resolved]}
                inhibit_rules:
                  - {source_matchers: ['alertname="database_down"'], target_matchers: ['alertname="high_api_latency"'], equal: [service]}
                """.formatted(slack.url(), SLACK_PATH, ROUTING_KEY, pagerDuty.url(), hook.url(), HOOK_SECRET));
        AppConfig config = ((ConfigLoader.Result.Loaded) new ConfigLoader(name -> null, dir).load(Optional.empty())).config().config();
        Notifications notifications = Notifications.from(config, new PrintWriter(console, true));
        incidents = new IncidentStore(database, notifications.outbox());
        outbox = new OutboxStore(database);
        silences = new SilenceStore(database);
        worker = new DeliveryWorker(outbox, incidents, notifications.notifiers(), config.server().externalUrl(),
                DeliveryWorker.DEFAULT_MAX_AGE, () -> 0.5, now -> silences.list(now, false), notifications.inhibitRules());
    }

    @AfterEach
    void tearDown() {
        slack.close();
        pagerDuty.close();
        hook.close();
        database.close();
    }

    Incident open(Severity severity) {
        return incidents.open(new NewIncident("Database down", severity, "agente-api", "rule:database_down",
                Map.of("instance", "db:5432"), "docs/runbooks/01-database-down.md", null), "firebreak", clock.instant());
    }

    void deliver() {
        worker.deliverDue(clock.instant(), 100);
    }

    @Test
    void sevOneGoesToSlackPagerDutyAndTheWebhookWithTheRightRequests() throws Exception {
        Incident incident = open(Severity.CRITICAL);
        assertThat(outbox.list(Optional.empty(), false, 10)).extracting(OutboxRow::channel)
                .containsExactlyInAnyOrder("slack", "pagerduty", "hooks");
        deliver();

        assertThat(slack.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(SLACK_PATH);
            assertThat(request.headers().get("Content-type")).containsExactly("application/json");
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("text").asText()).isEqualTo("[SEV1][TRIGGERED] " + incident.id() + " Database down (agente-api): Incident opened: opened: SEV1 Database down (agente-api)");
            assertThat(body.at("/blocks/0/type").asText()).isEqualTo("section");
            assertThat(body.at("/blocks/1/fields/0/text").asText()).isEqualTo("*Severity*\nSEV1 (CRITICAL)");
            assertThat(body.at("/blocks/2/elements/0/text").asText())
                    .contains("<https://firebreak.example.com/incidents/" + incident.id() + "|" + incident.id() + ">")
                    .contains("Runbook: docs/runbooks/01-database-down.md");
            assertThat(body.at("/blocks/2/elements/1/text").asText()).startsWith("On call: acknowledge it");
        });
        assertThat(pagerDuty.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v2/enqueue");
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
            assertThat(body.get("event_action").asText()).isEqualTo("trigger");
            assertThat(body.get("dedup_key").asText()).isEqualTo(incident.id());
            assertThat(body.at("/payload/summary").asText()).isEqualTo("[SEV1] Database down (agente-api)");
            assertThat(body.at("/payload/severity").asText()).isEqualTo("critical");
            assertThat(body.at("/payload/source").asText()).isEqualTo("db:5432");
            assertThat(body.at("/payload/component").asText()).isEqualTo("agente-api");
            assertThat(body.at("/payload/custom_details/incident").asText()).isEqualTo(incident.id());
            assertThat(body.at("/links/0/href").asText()).isEqualTo("https://firebreak.example.com/incidents/" + incident.id());
        });
        assertThat(hook.requests()).singleElement().satisfies(request -> {
            assertThat(request.headers().get("Idempotency-key")).containsExactly(incident.id() + ":1:hooks");
            assertThat(request.headers().get("X-team")).containsExactly("sre");
            assertThat(request.headers().get("X-firebreak-signature")).containsExactly(WebhookNotifier.sign(HOOK_SECRET, request.body()));
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.get("event").asText()).isEqualTo("opened");
            assertThat(body.at("/incident/id").asText()).isEqualTo(incident.id());
            assertThat(body.at("/timeline_entry/type").asText()).isEqualTo("opened");
        });
        assertThat(outbox.list(Optional.empty(), false, 10)).allSatisfy(row -> assertThat(row.state()).isEqualTo("delivered"));
    }

    @Test
    void sevFourOnlyTellsOpenedAndResolvedAndNotesTellNobody() {
        Incident incident = open(Severity.LOW);
        incidents.update(incident.id(), i -> IncidentLifecycle.acknowledge(i, "bob", clock.instant()));
        incidents.update(incident.id(), i -> IncidentLifecycle.note(i, "looking", "bob", clock.instant()));
        incidents.update(incident.id(), i -> IncidentLifecycle.resolve(i, "fixed", "bob", clock.instant()));
        deliver();
        assertThat(outbox.list(Optional.empty(), false, 10)).extracting(OutboxRow::event).containsExactlyInAnyOrder("opened", "resolved");
        assertThat(console.toString()).contains("[console] [SEV4][TRIGGERED] " + incident.id() + " Database down (agente-api) - Incident opened")
                .contains("[console] [SEV4][RESOLVED] " + incident.id());
    }

    @Test
    void slackRateLimitedThreeTimesGetsTheMessageOnceAfterSixSeconds() {
        AtomicInteger calls = new AtomicInteger();
        slack.respond(r -> calls.incrementAndGet() <= 3 ? new Response(429, "text/plain", "rate_limited", 0).withRetryAfter("2")
                : Response.text(200, "text/plain", "ok"));
        open(Severity.MEDIUM);
        for (int second = 0; second <= 10; second++) {
            deliver();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(calls.get()).isEqualTo(4);
        OutboxRow row = outbox.list(Optional.empty(), false, 10).get(0);
        assertThat(row.state()).isEqualTo("delivered");
        assertThat(row.attempts()).isEqualTo(4);
        assertThat(Duration.between(row.created(), row.finished())).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void pagerDutyDownForThirtySecondsGetsTriggerAcknowledgeResolveInOrder() throws Exception {
        Instant back = T0.plusSeconds(30);
        pagerDuty.respond(r -> clock.instant().isBefore(back) ? Response.text(503, "text/html", "<h1>down</h1>")
                : Response.json(202, "{\"status\":\"success\"}"));
        Incident incident = open(Severity.HIGH);
        clock.advance(Duration.ofSeconds(5));
        incidents.update(incident.id(), i -> IncidentLifecycle.acknowledge(i, "bob", clock.instant()));
        clock.advance(Duration.ofSeconds(5));
        incidents.update(incident.id(), i -> IncidentLifecycle.resolve(i, "", "bob", clock.instant()));
        while (clock.instant().isBefore(T0.plusSeconds(120))) {
            deliver();
            clock.advance(Duration.ofMillis(500));
        }
        var accepted = pagerDuty.requests().stream().skip(pagerDuty.requests().size() - 3).toList();
        List<String> actions = accepted.stream().map(r -> {
            try {
                return new ObjectMapper().readTree(r.body()).get("event_action").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(actions).containsExactly("trigger", "acknowledge", "resolve");
        long triggersWhileDown = pagerDuty.requests().size() - 3;
        assertThat(triggersWhileDown).isPositive();
        assertThat(outbox.list(Optional.of(incident.id()), false, 10)).filteredOn(r -> r.channel().equals("pagerduty"))
                .allSatisfy(row -> assertThat(row.state()).isEqualTo("delivered"));
    }

    @Test
    void aWorkerThatDiesAfterClaimingLosesNothing() {
        open(Severity.CRITICAL);
        List<OutboxRow> claimed = outbox.claim(clock.instant(), 100);   // then the process dies before sending
        assertThat(claimed).hasSize(3);
        deliver();                                                        // a live worker cannot take leased rows
        assertThat(slack.requests()).isEmpty();
        clock.advance(OutboxStore.LEASE.plusSeconds(1));
        deliver();                                                        // a new instance after the lease
        assertThat(slack.requests()).hasSize(1);
        assertThat(pagerDuty.requests()).hasSize(1);
        assertThat(hook.requests()).hasSize(1);
    }

    @Test
    void permanentFailuresAreDeadLettersThatCanBeRetried() {
        hook.respond(r -> Response.json(400, "{\"error\":\"unknown field\"}"));
        Incident incident = open(Severity.CRITICAL);
        deliver();
        OutboxRow dead = outbox.find(incident.id() + ":1:hooks").orElseThrow();
        assertThat(dead.state()).isEqualTo("dead");
        assertThat(dead.lastReason()).isEqualTo("HTTP 400: {\"error\":\"unknown field\"}");
        assertThat(outbox.list(Optional.empty(), true, 10)).extracting(OutboxRow::id).containsExactly(dead.id());
        hook.respond(r -> Response.json(200, "{}"));
        assertThat(outbox.retry(dead.id(), clock.instant())).isTrue();
        deliver();
        assertThat(outbox.find(dead.id()).orElseThrow().state()).isEqualTo("delivered");
    }

    @Test
    void retryableFailuresGiveUpAfterTheMaximumAge() {
        slack.respond(r -> Response.text(500, "text/plain", "rollup_error"));
        open(Severity.MEDIUM);
        for (int minute = 0; minute <= 24 * 60 + 10; minute += 5) {
            deliver();
            clock.advance(Duration.ofMinutes(5));
        }
        OutboxRow row = outbox.list(Optional.empty(), false, 10).get(0);
        assertThat(row.state()).isEqualTo("dead");
        assertThat(row.lastReason()).isEqualTo("gave up after 24h: HTTP 500: rollup_error");
    }

    @Test
    void noSecretReachesReasonsListsLogsOrToString() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            slack.close();                                         // unreachable: the reason must not carry the URL
            pagerDuty.respond(r -> Response.json(400, "{\"status\":\"invalid event\"}"));
            hook.respond(r -> new Response(200, "application/json", "{}", 15_000));
            open(Severity.CRITICAL);
            deliver();
            StringBuilder everything = new StringBuilder();
            outbox.list(Optional.empty(), false, 10).forEach(row -> everything.append(row).append('\n'));
            logs.list.forEach(event -> everything.append(event.getFormattedMessage()).append('\n'));
            everything.append(Notifications.from(((ConfigLoader.Result.Loaded) new ConfigLoader(name -> null, dir)
                    .load(Optional.empty())).config().config(), new PrintWriter(new StringWriter())).notifiers());
            assertThat(everything.toString()).contains("connection refused").contains("HTTP 400")
                    .doesNotContain(SLACK_PATH).doesNotContain("slack-path-secret").doesNotContain(ROUTING_KEY)
                    .doesNotContain(HOOK_SECRET);
        } finally {
            root.detachAppender(logs);
        }
    }

    Incident openAlert(String alertname, Severity severity) {
        return incidents.open(new NewIncident(alertname, severity, "agente-api", "rule:" + alertname,
                Map.of("alertname", alertname), "", null), "firebreak", clock.instant());
    }

    @Test
    void silencedIncidentNotifiesNothingUntilTheSilenceEndsWhileItIsStillOpen() {
        var matcher = io.firebreak.server.routing.Re2Matchers.parseValid("service=agente-api");
        var silence = silences.add(List.of(matcher), clock.instant(), clock.instant().plus(Duration.ofHours(1)), "alice", "maintenance", clock.instant());
        Incident stillOpen = open(Severity.MEDIUM);
        Incident resolvedMeanwhile = openAlert("redis_connection_issues", Severity.MEDIUM);
        deliver();
        assertThat(slack.requests()).isEmpty();
        assertThat(outbox.find(stillOpen.id() + ":1:slack").orElseThrow().lastReason()).startsWith("silenced by " + silence.id());

        clock.advance(Duration.ofMinutes(30));
        incidents.update(resolvedMeanwhile.id(), i -> IncidentLifecycle.resolve(i, "", "bob", clock.instant()));
        deliver();
        assertThat(slack.requests()).isEmpty();

        clock.advance(Duration.ofMinutes(31));                        // the silence is over
        deliver();
        clock.advance(Duration.ofSeconds(1));
        deliver();
        assertThat(slack.requests()).hasSize(1);                       // only the incident that is still open
        assertThat(slack.requests().get(0).body()).contains(stillOpen.id());
        assertThat(outbox.find(resolvedMeanwhile.id() + ":1:slack").orElseThrow().state()).isEqualTo("muted");
    }

    @Test
    void databaseDownInhibitsLatencyOfTheSameServiceUntilItResolves() {
        Incident database = openAlert("database_down", Severity.CRITICAL);
        Incident latency = openAlert("high_api_latency", Severity.MEDIUM);
        deliver();
        assertThat(slack.requests()).extracting(StubHttpServer.Request::body).noneMatch(body -> body.contains(latency.id()));
        assertThat(outbox.find(latency.id() + ":1:slack").orElseThrow().lastReason()).isEqualTo("inhibited while " + database.id() + " is open");

        incidents.update(database.id(), i -> IncidentLifecycle.resolve(i, "", "bob", clock.instant()));
        clock.advance(DeliveryWorker.INHIBITION_RECHECK);
        deliver();                                                     // the database's resolved message first
        clock.advance(Duration.ofSeconds(1));                          // Slack: one message a second per webhook
        deliver();
        assertThat(slack.requests()).extracting(StubHttpServer.Request::body).anyMatch(body -> body.contains(latency.id()));
    }
}
