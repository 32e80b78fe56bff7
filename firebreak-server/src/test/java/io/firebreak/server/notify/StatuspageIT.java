package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.routing.Route;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.channel.statuspage.StatuspageNotifier;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.store.Outbox;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.testing.MutableClock;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Statuspage channel against a local server: create for public services only, update, resolve, 1 request a second. */
class StatuspageIT {
    static final String API_KEY = "statuspage-api-key-secret";

    @TempDir
    Path dir;

    @Test
    void publicServiceIncidentIsCreatedUpdatedAndResolvedOnThePage() throws Exception {
        try (var page = new StubHttpServer(r -> r.method().equals("POST")
                ? Response.json(201, "{\"id\":\"p1abc\",\"status\":\"investigating\"}")
                : Response.json(200, "{\"id\":\"p1abc\"}"))) {
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels: [{name: status, type: statuspage, page_id: pg123, api_key: "%s", url: "%s/v1"}]
                    routes: [{channels: [status]}]
                    services:
                      - {name: agente-api, tier: 1, public: true, component_id: cmp9}
                      - {name: batch, tier: 3}
                    """.formatted(API_KEY, page.url()));
            var config = ((ConfigLoader.Result.Loaded) new ConfigLoader(name -> null, dir).load(Optional.empty())).config().config();
            try (Database database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("fb.db"), null, null, null))) {
                Notifications notifications = Notifications.from(config, new PrintWriter(new StringWriter()));
                var incidents = new IncidentStore(database, notifications.outbox());
                var outbox = new OutboxStore(database);
                var clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
                var worker = new DeliveryWorker(outbox, incidents, notifications.notifiers(), "https://fb.example.com", clock,
                        Duration.ofHours(24), () -> 0.5);

                incidents.open(NewIncident.manual("internal: batch job slow", Severity.LOW, "batch"), "bob", clock.instant());
                Incident incident = incidents.open(new NewIncident("pg primary OOM on db-2", Severity.CRITICAL, "agente-api", "manual",
                        Map.of(), "", null), "bob", clock.instant());
                incidents.update(incident.id(), i -> IncidentLifecycle.acknowledge(i, "bob", clock.instant()));
                incidents.update(incident.id(), i -> IncidentLifecycle.changeStatus(i, IncidentStatus.IDENTIFIED, "disk", "bob", clock.instant()));
                incidents.update(incident.id(), i -> IncidentLifecycle.resolve(i, "fixed", "bob", clock.instant()));
                for (int s = 0; s < 5; s++) {
                    worker.deliverDue(100);
                    clock.advance(Duration.ofSeconds(1));
                }

                var requests = page.requests();
                assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                        "POST /v1/pages/pg123/incidents",
                        "PATCH /v1/pages/pg123/incidents/p1abc",
                        "PATCH /v1/pages/pg123/incidents/p1abc");
                assertThat(requests.get(0).headers().get("Authorization")).containsExactly("OAuth " + API_KEY);
                JsonNode created = new ObjectMapper().readTree(requests.get(0).body()).get("incident");
                assertThat(created.get("name").asText()).isEqualTo("Service disruption: agente-api");
                assertThat(created.get("status").asText()).isEqualTo("investigating");
                assertThat(created.at("/components/cmp9").asText()).isEqualTo("major_outage");
                assertThat(created.at("/component_ids/0").asText()).isEqualTo("cmp9");
                assertThat(requests.get(0).body()).doesNotContain("OOM").doesNotContain("db-2");
                assertThat(new ObjectMapper().readTree(requests.get(1).body()).at("/incident/status").asText()).isEqualTo("identified");
                JsonNode resolved = new ObjectMapper().readTree(requests.get(2).body()).get("incident");
                assertThat(resolved.get("status").asText()).isEqualTo("resolved");
                assertThat(resolved.at("/components/cmp9").asText()).isEqualTo("operational");
                assertThat(outbox.list(Optional.empty(), false, 10)).allSatisfy(row -> {
                    assertThat(row.channel()).isEqualTo("status");
                    assertThat(row.lastReason()).doesNotContain(API_KEY);
                });
            }
        }
    }

    @Test
    void aCreateThatTimedOutAfterSucceedingIsFoundNotDuplicated() throws Exception {
        List<JsonNode> created = new CopyOnWriteArrayList<>();
        AtomicInteger posts = new AtomicInteger();
        try (var page = new StubHttpServer(r -> {
            if (r.method().equals("POST")) {
                int n = posts.incrementAndGet();
                if (n == 1) {
                    return Response.json(503, "{\"error\":\"try later\"}");     // refused: nothing created
                }
                JsonNode incident = read(r.body()).get("incident");
                created.add(incident);
                // Created at Statuspage, but the answer comes too late for the client: the create looks failed.
                return new Response(201, "application/json", "{\"id\":\"p" + created.size() + "\"}", 1_500);
            }
            if (r.method().equals("GET")) {
                StringBuilder list = new StringBuilder("[{\"id\":\"other\",\"name\":\"by hand\",\"metadata\":{}}");
                for (int i = 0; i < created.size(); i++) {
                    list.append(",{\"id\":\"p").append(i + 1).append("\",\"metadata\":").append(created.get(i).get("metadata")).append('}');
                }
                return Response.json(200, list.append(']').toString());
            }
            return Response.json(200, "{\"id\":\"p1\"}");
        })) {
            var services = List.of(new ServiceConfig("agente-api", 1, true, "cmp9", null));
            var notifier = new StatuspageNotifier("status", "pg123", new Secret(API_KEY), Optional.of(page.url() + "/v1"), services,
                    new HttpSender(Duration.ofMillis(500), Clock.systemUTC()));
            var outboxRoutes = new Outbox(List.of(new Route(List.of(), List.of("status"), Set.of(), false)),
                    Map.of("status", notifier.events()), Map.of("status", notifier::accepts));
            try (Database database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("fb.db"), null, null, null))) {
                var incidents = new IncidentStore(database, outboxRoutes);
                var outbox = new OutboxStore(database);
                var clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
                var worker = new DeliveryWorker(outbox, incidents, Map.of("status", notifier), "https://fb.example.com", clock,
                        Duration.ofHours(24), () -> 0.5);
                Incident incident = incidents.open(new NewIncident("pg primary OOM", Severity.CRITICAL, "agente-api", "manual",
                        Map.of(), "", null), "bob", clock.instant());
                String key = incident.id() + ":1:status";

                worker.deliverDue(10);                                      // 503: refused, nothing exists
                clock.advance(Duration.ofSeconds(2));
                worker.deliverDue(10);                                      // nothing found, so it creates: the answer times out
                assertThat(outbox.find(key).orElseThrow().lastReason()).isEqualTo("no answer within 500ms");
                assertThat(created).hasSize(1);
                assertThat(created.get(0).at("/metadata/firebreak/key").asText()).isEqualTo(key);
                assertThat(created.get(0).at("/metadata/firebreak/incident_id").asText()).isEqualTo(incident.id());
                assertThat(created.get(0).get("name").asText()).doesNotContain(incident.id());   // the page shows no internal id

                clock.advance(Duration.ofSeconds(5));
                worker.deliverDue(10);                                      // the retry finds what the timed-out create made
                assertThat(posts.get()).isEqualTo(2);
                assertThat(created).hasSize(1);
                var row = outbox.find(key).orElseThrow();
                assertThat(row.state()).isEqualTo("delivered");
                assertThat(row.externalId()).isEqualTo("p1");
                assertThat(page.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                        "POST /v1/pages/pg123/incidents",
                        "GET /v1/pages/pg123/incidents/unresolved",
                        "POST /v1/pages/pg123/incidents",
                        "GET /v1/pages/pg123/incidents/unresolved");
                assertThat(page.requests().get(1).headers().get("Authorization")).containsExactly("OAuth " + API_KEY);

                incidents.update(incident.id(), i -> IncidentLifecycle.resolve(i, "fixed", "bob", clock.instant()));
                clock.advance(Duration.ofSeconds(2));
                worker.deliverDue(10);
                assertThat(page.requests().get(page.requests().size() - 1).method() + " " + page.requests().get(page.requests().size() - 1).path())
                        .isEqualTo("PATCH /v1/pages/pg123/incidents/p1");
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
