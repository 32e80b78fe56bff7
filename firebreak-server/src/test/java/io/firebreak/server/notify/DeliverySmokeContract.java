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
    Notifications notifications;
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
        this.notifications = notifications;
        worker = newWorker();
    }

    /** Another worker on the same store: what a second instance runs. */
    DeliveryWorker newWorker() {
        return new DeliveryWorker(outbox, incidents, notifications.notifiers(), "https://firebreak.example.com", clock,
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

    DeliveryWorker.Pass deliver() {
        return worker.deliverDue(100);
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
        OutboxRow held = outbox.find(stillOpen.id() + ":1:slack").orElseThrow();
        assertThat(held.state()).isEqualTo("held");
        assertThat(held.heldBy()).isEqualTo(silence.id());
        assertThat(held.due()).isEqualTo(silence.endsAt());
        assertThat(held.lastReason()).startsWith("silenced by " + silence.id());
        assertThat(outbox.list(Optional.empty(), true, 10)).as("held rows did not fail").isEmpty();

        clock.advance(Duration.ofMinutes(30));
        incidents.update(resolvedMeanwhile.id(), i -> IncidentLifecycle.resolve(i, "", "bob", clock.instant()));
        deliver();
        assertThat(slack.requests()).isEmpty();

        clock.advance(Duration.ofMinutes(31));                        // the silence is over
        DeliveryWorker.Pass first = deliver();
        clock.advance(Duration.ofSeconds(1));
        DeliveryWorker.Pass second = deliver();
        assertThat(slack.requests()).hasSize(1);                       // only the incident that is still open
        assertThat(slack.requests().get(0).body()).contains(stillOpen.id());
        assertThat(outbox.find(resolvedMeanwhile.id() + ":1:slack").orElseThrow().state()).isEqualTo("muted");
        assertThat(outbox.find(resolvedMeanwhile.id() + ":2:slack").orElseThrow().state()).isEqualTo("muted");
        assertThat(first.plus(second)).isEqualTo(new DeliveryWorker.Pass(1, 0, 0, 1));   // muted is not dead
        assertThat(outbox.list(Optional.empty(), true, 10)).as("muted rows are no failures").isEmpty();
    }

    @Test
    void databaseDownInhibitsLatencyOfTheSameServiceUntilItResolves() {
        Incident database = openAlert("database_down", Severity.CRITICAL);
        Incident latency = openAlert("high_api_latency", Severity.MEDIUM);
        deliver();
        assertThat(slack.requests()).extracting(StubHttpServer.Request::body).noneMatch(body -> body.contains(latency.id()));
        OutboxRow held = outbox.find(latency.id() + ":1:slack").orElseThrow();
        assertThat(held.state()).isEqualTo("held");
        assertThat(held.heldBy()).isEqualTo(database.id());
        assertThat(held.lastReason()).isEqualTo("inhibited while " + database.id() + " is open");

        incidents.update(database.id(), i -> IncidentLifecycle.resolve(i, "", "bob", clock.instant()));
        clock.advance(DeliveryWorker.INHIBITION_RECHECK);
        deliver();                                                     // the database's resolved message first
        clock.advance(Duration.ofSeconds(1));                          // Slack: one message a second per webhook
        deliver();
        assertThat(slack.requests()).extracting(StubHttpServer.Request::body).anyMatch(body -> body.contains(latency.id()));
    }

    @Test
    void expiringASilenceEarlyReleasesWhatItHeld() {
        var matcher = ((io.firebreak.core.routing.Matcher.Parsed.Ok) io.firebreak.server.routing.Re2Matchers.parse("service=agente-api")).matcher();
        var silence = silences.add(List.of(matcher), clock.instant(), clock.instant().plus(Duration.ofHours(4)), "alice", "deploy", clock.instant());
        Incident incident = open(Severity.MEDIUM);
        deliver();
        assertThat(outbox.find(incident.id() + ":1:slack").orElseThrow().state()).isEqualTo("held");
        clock.advance(Duration.ofMinutes(10));
        assertThat(silences.expire(silence.id(), clock.instant())).isTrue();
        assertThat(outbox.find(incident.id() + ":1:slack").orElseThrow().due()).isEqualTo(clock.instant());
        deliver();
        assertThat(slack.requests()).singleElement().satisfies(request -> assertThat(request.body()).contains(incident.id()));
        assertThat(outbox.find(incident.id() + ":1:slack").orElseThrow().state()).isEqualTo("delivered");
    }

    // ---- fencing: a worker whose lease ran out writes nothing ----

    @Test
    void aStaleWorkerWhoseLeaseExpiredCannotOverwriteANewerResult() {
        Logger log = (Logger) LoggerFactory.getLogger(OutboxStore.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            Incident incident = open(Severity.MEDIUM);
            String id = incident.id() + ":1:slack";
            OutboxRow claimedByA = outbox.claim(clock.instant(), 10).get(0);   // worker A claims, then stalls
            assertThat(claimedByA.id()).isEqualTo(id);
            assertThat(outbox.begin(claimedByA, clock.instant())).isTrue();
            clock.advance(OutboxStore.LEASE.plusSeconds(1));                  // A's lease runs out

            DeliveryWorker.Pass b = newWorker().deliverDue(100);               // worker B claims it and delivers
            assertThat(b.delivered()).isEqualTo(1);
            OutboxRow afterB = outbox.find(id).orElseThrow();
            assertThat(afterB.state()).isEqualTo("delivered");

            // A wakes up with its answer: every write it tries is refused, and the row stays as B left it.
            Instant late = clock.instant();
            assertThat(outbox.record(claimedByA, "pending", 503, "HTTP 503", late, Optional.of(late.plusSeconds(1)), Optional.empty())).isFalse();
            assertThat(outbox.record(claimedByA, "dead", 400, "HTTP 400", late, Optional.empty(), Optional.empty())).isFalse();
            assertThat(outbox.record(claimedByA, "delivered", 200, "", late, Optional.empty(), Optional.of("stale-id"))).isFalse();
            assertThat(outbox.release(claimedByA, late)).isFalse();
            assertThat(outbox.hold(claimedByA, late.plusSeconds(60), "SIL-x", "silenced")).isFalse();
            assertThat(outbox.mute(claimedByA, "muted", late)).isFalse();
            assertThat(outbox.begin(claimedByA, late)).isFalse();
            assertThat(outbox.find(id).orElseThrow()).isEqualTo(afterB);
            assertThat(slack.requests()).hasSize(1);

            assertThat(warnings.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(7)
                    .allSatisfy(message -> assertThat(message).startsWith("outbox " + id + ": ").contains("lease")
                            .doesNotContain("Database down"));
        } finally {
            log.detachAppender(warnings);
        }
    }

    @Test
    void aWorkerStalledInASendLosesItsRowAndItsLateAnswerIsDropped() {
        DeliveryWorker b = newWorker();
        AtomicInteger hookCalls = new AtomicInteger();
        hook.respond(request -> {
            if (hookCalls.incrementAndGet() == 1) {
                // A's send hangs past its lease; meanwhile B takes over and delivers everything. Then A hears 503.
                clock.advance(OutboxStore.LEASE.plusSeconds(5));
                b.deliverDue(100);
                return Response.json(503, "{}");
            }
            return Response.json(200, "{}");
        });
        Incident incident = open(Severity.CRITICAL);
        DeliveryWorker.Pass a = deliver();
        assertThat(hook.requests()).hasSize(2);                            // A's attempt and B's: at least once, never lost
        assertThat(slack.requests()).hasSize(1);
        assertThat(pagerDuty.requests()).hasSize(1);
        assertThat(a.retrying()).isZero();                                 // A's "retry later" was not written
        OutboxRow row = outbox.find(incident.id() + ":1:hooks").orElseThrow();
        assertThat(row.state()).isEqualTo("delivered");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastStatus()).isEqualTo(200);
        assertThat(row.started()).isEqualTo(2);
        assertThat(outbox.list(Optional.empty(), false, 10)).allSatisfy(r -> assertThat(r.state()).isEqualTo("delivered"));
    }

    @Test
    void retryNeverClearsTheLeaseOfARowBeingSent() {
        slack.respond(r -> Response.text(500, "text/plain", "oops"));
        Incident incident = open(Severity.MEDIUM);
        String id = incident.id() + ":1:slack";
        deliver();
        assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        OutboxRow sending = outbox.claim(clock.instant(), 10).get(0);        // a worker is sending it right now
        assertThat(outbox.retry(id, clock.instant())).isFalse();
        assertThat(outbox.find(id).orElseThrow().claimToken()).isEqualTo(sending.claimToken());
        assertThat(outbox.record(sending, "pending", 500, "oops", clock.instant(), Optional.of(clock.instant().plusSeconds(60)),
                Optional.empty())).isTrue();
        assertThat(outbox.retry(id, clock.instant())).isTrue();              // retrying, not held: people may hurry it
        assertThat(outbox.find(id).orElseThrow().due()).isEqualTo(clock.instant());

        Incident quiet = openAlert("redis_connection_issues", Severity.MEDIUM);
        var matcher = ((io.firebreak.core.routing.Matcher.Parsed.Ok) io.firebreak.server.routing.Re2Matchers.parse("alertname=redis_connection_issues")).matcher();
        silences.add(List.of(matcher), clock.instant(), clock.instant().plus(Duration.ofHours(1)), "alice", "known", clock.instant());
        clock.advance(Duration.ofSeconds(2));
        deliver();
        assertThat(outbox.find(quiet.id() + ":1:slack").orElseThrow().state()).isEqualTo("held");
        assertThat(outbox.retry(quiet.id() + ":1:slack", clock.instant())).as("a held row is not a failure to retry").isFalse();
    }

    // ---- Retry-After pauses the channel for every instance ----

    @Test
    void retryAfterInSecondsPausesTheChannelForEveryWorker() {
        AtomicInteger calls = new AtomicInteger();
        slack.respond(r -> calls.incrementAndGet() == 1 ? new Response(429, "text/plain", "rate_limited", 0).withRetryAfter("120")
                : Response.text(200, "text/plain", "ok"));
        pausesTheChannelForEveryWorker(Duration.ofSeconds(120), Duration.ofSeconds(120));
    }

    @Test
    void retryAfterAsAnHttpDatePausesTheChannelForEveryWorker() {
        AtomicInteger calls = new AtomicInteger();
        slack.respond(r -> calls.incrementAndGet() == 1
                ? new Response(503, "text/plain", "maintenance", 0).withRetryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(300)))
                : Response.text(200, "text/plain", "ok"));
        // Measured from the answer's Date header (whole seconds), so within a second or two of five minutes.
        pausesTheChannelForEveryWorker(Duration.ofSeconds(297), Duration.ofSeconds(302));
    }

    private void pausesTheChannelForEveryWorker(Duration atLeast, Duration atMost) {
        Incident first = open(Severity.MEDIUM);
        deliver();                                                          // worker A hears "wait"
        assertThat(slack.requests()).hasSize(1);
        Instant pausedAt = clock.instant();
        Instant until = outbox.pausedUntil("slack", pausedAt).orElseThrow();
        assertThat(Duration.between(pausedAt, until)).isBetween(atLeast, atMost);

        Incident second = openAlert("redis_connection_issues", Severity.MEDIUM);
        DeliveryWorker otherInstance = newWorker();                        // knows nothing of A's memory
        clock.set(pausedAt.plus(atLeast).minusSeconds(1));
        otherInstance.deliverDue(100);
        assertThat(slack.requests()).as("nobody sends to a paused channel").hasSize(1);
        assertThat(outbox.nextDue()).contains(until);

        clock.set(until.plusSeconds(1));
        otherInstance.deliverDue(100);
        clock.advance(Duration.ofSeconds(1));                               // Slack: one a second
        otherInstance.deliverDue(100);
        assertThat(slack.requests()).hasSize(3);
        assertThat(outbox.find(first.id() + ":1:slack").orElseThrow().state()).isEqualTo("delivered");
        assertThat(outbox.find(second.id() + ":1:slack").orElseThrow().state()).isEqualTo("delivered");
        assertThat(outbox.pausedUntil("slack", clock.instant())).isEmpty();
    }

    // ---- the receiver down for hours, on a moved clock ----

    @Test
    void receiverDownForHoursGetsEverythingAfterwardsInOrderPerIncidentAndChannel() throws Exception {
        Instant back = T0.plus(Duration.ofHours(6));
        List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        hook.respond(r -> {
            if (clock.instant().isBefore(back)) {
                return Response.text(503, "text/html", "<h1>down</h1>");
            }
            accepted.add(r.headers().get("Idempotency-key").get(0));
            return Response.json(200, "{}");
        });
        pagerDuty.respond(r -> clock.instant().isBefore(back) ? Response.text(502, "text/html", "bad gateway")
                : Response.json(202, "{\"status\":\"success\"}"));
        List<Incident> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Incident incident = openAlert("service_down_" + i, Severity.HIGH);
            opened.add(incident);
            clock.advance(Duration.ofMinutes(7));
            incidents.update(incident.id(), x -> IncidentLifecycle.acknowledge(x, "bob", clock.instant()));
            clock.advance(Duration.ofMinutes(20));
            incidents.update(incident.id(), x -> IncidentLifecycle.resolve(x, "", "bob", clock.instant()));
            deliver();
        }
        int passes = 0;
        while (clock.instant().isBefore(back.plus(Duration.ofMinutes(10)))) {
            deliver();
            clock.advance(Duration.ofMinutes(1));
            passes++;
        }
        assertThat(passes).as("passes over hours of downtime").isGreaterThan(280);
        assertThat(outbox.list(Optional.empty(), false, 100)).hasSize(27)
                .allSatisfy(row -> assertThat(row.state()).as(row.id()).isEqualTo("delivered"));
        for (Incident incident : opened) {
            assertThat(accepted).filteredOn(key -> key.startsWith(incident.id() + ":"))
                    .containsExactly(incident.id() + ":1:hooks", incident.id() + ":2:hooks", incident.id() + ":3:hooks");
        }
        List<String> pagerDutyActions = new java.util.ArrayList<>();
        for (var request : pagerDuty.requests()) {
            JsonNode body = new ObjectMapper().readTree(request.body());
            pagerDutyActions.add(body.get("dedup_key").asText() + " " + body.get("event_action").asText());
        }
        for (Incident incident : opened) {
            List<String> accepts = pagerDutyActions.subList(pagerDutyActions.size() - 9, pagerDutyActions.size()).stream()
                    .filter(action -> action.startsWith(incident.id() + " ")).toList();
            assertThat(accepts).containsExactly(incident.id() + " trigger", incident.id() + " acknowledge", incident.id() + " resolve");
        }
        // Only the oldest message of an incident is ever tried while the receiver is down, at most every five minutes.
        assertThat(hook.requests().size() - accepted.size()).isBetween(3 * 50, 3 * 80);
    }

    @Test
    void aWorkerLeavesChannelsItDoesNotKnowToOthersUntilTheyAreADayOld() {
        var slackOnly = new DeliveryWorker(outbox, incidents, Map.of("slack", notifications.notifiers().get("slack")),
                "https://firebreak.example.com", clock, DeliveryWorker.DEFAULT_MAX_AGE, () -> 0.5);
        Incident incident = open(Severity.CRITICAL);
        slackOnly.deliverDue(100);
        assertThat(slack.requests()).hasSize(1);
        assertThat(outbox.find(incident.id() + ":1:pagerduty").orElseThrow().state()).isEqualTo("pending");
        assertThat(slackOnly.nextDue()).isEmpty();                        // nothing it could send is waiting
        assertThat(slackOnly.waiting(clock.instant())).isZero();

        clock.advance(Duration.ofHours(25));
        slackOnly.deliverDue(100);
        OutboxRow orphan = outbox.find(incident.id() + ":1:pagerduty").orElseThrow();
        assertThat(orphan.state()).isEqualTo("dead");
        assertThat(orphan.lastReason()).isEqualTo("gave up after 24h: channel 'pagerduty' is not configured where delivery runs");
        assertThat(pagerDuty.requests()).isEmpty();
    }
}
