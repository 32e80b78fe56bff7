package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.ConfigLoader;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
}
