package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.ServiceHarness.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts from Alertmanager's webhook, its v2 push API and the generic API, into incidents, on a running service. */
class IngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = ServiceHarness.RESPONDER;
    private ServiceHarness service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    static String webhook(String status, String groupKey, String... alerts) {
        return """
                {"version": "4", "groupKey": "%s", "status": "%s", "receiver": "firebreak", "groupLabels": {},
                 "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://am:9093", "truncatedAlerts": 0,
                 "alerts": [%s]}""".formatted(groupKey.replace("\"", "\\\""), status, String.join(",", alerts));
    }

    static String alert(String status, String instance, String endsAt) {
        return """
                {"status": "%s", "labels": {"alertname": "ApiDown", "severity": "critical", "service": "agente-api", "instance": "%s"},
                 "annotations": {"summary": "agente-api is down", "runbook_url": "https://runbooks.example.com/api-down"},
                 "startsAt": "2026-11-29T09:58:00Z", "endsAt": "%s", "generatorURL": "http://prometheus:9090/graph?g0.expr=up",
                 "fingerprint": "ignored"}""".formatted(status, instance, endsAt);
    }

    private List<Incident> incidents() {
        return service.service().incidents().list(IncidentQuery.all());
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void alertmanagerWebhookOpensJoinsIsIdempotentAndResolves() throws Exception {
        service = ServiceHarness.sqlite("");
        String zero = "0001-01-01T00:00:00Z";
        Reply first = service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                alert("firing", "a:8080", zero)));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(incidents()).hasSize(1);
        Incident incident = incidents().get(0);
        assertThat(incident.severity().sev()).isEqualTo("SEV1");
        assertThat(incident.title()).isEqualTo("agente-api is down");
        assertThat(incident.runbook()).isEqualTo("https://runbooks.example.com/api-down");
        assertThat(incident.service()).isEqualTo("agente-api");
        assertThat(incident.impactStarted()).isEqualTo(Instant.parse("2026-11-29T09:58:00Z"));
        int events = service.service().incidents().timeline(incident.id()).size();

        // Alertmanager repeats a group every repeat_interval: nothing changes.
        for (int i = 0; i < 3; i++) {
            assertThat(service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                    alert("firing", "a:8080", zero))).status()).isEqualTo(200);
        }
        assertThat(incidents()).hasSize(1);
        assertThat(service.service().incidents().timeline(incident.id())).hasSize(events);
        assertThat(service.service().alerts().counts()).containsEntry("firing", 1);

        // A second instance joins; one resolving leaves it open; both resolved resolve it.
        service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                alert("firing", "a:8080", zero), alert("firing", "b:8080", zero)));
        assertThat(incidents()).hasSize(1);
        service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                alert("resolved", "a:8080", "2026-11-29T10:01:00Z"), alert("firing", "b:8080", zero)));
        assertThat(service.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
        service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("resolved", "{}:{alertname=\"ApiDown\"}",
                alert("resolved", "a:8080", "2026-11-29T10:01:00Z"), alert("resolved", "b:8080", "2026-11-29T10:02:00Z")));
        Incident resolved = service.service().incidents().find(incident.id()).orElseThrow();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(service.service().incidents().timeline(incident.id())).last()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("alice"));

        // Firing again within the dedup window re-opens it.
        service.clock().advance(Duration.ofMinutes(2));
        service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                alert("firing", "a:8080", zero)));
        assertThat(incidents()).hasSize(1);
        assertThat(service.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(service.service().incidents().timeline(incident.id())).extracting(e -> e.type()).contains(EventType.REOPENED);

        // The incident shows its alerts with the generator URL kept.
        JsonNode shown = JSON.readTree(service.get("/api/v1/incidents/" + incident.id(), TOKEN).body());
        assertThat(shown.get("alerts").findValuesAsText("generator_url")).contains("http://prometheus:9090/graph?g0.expr=up");
    }

    @Test
    void aRepeatThatChangesNothingIsNotWrittenAndOneThatChangesSomethingIs() throws Exception {
        service = ServiceHarness.sqlite("");
        String zero = "0001-01-01T00:00:00Z";
        String group = "{}:{alertname=\"ApiDown\"}";
        assertThat(service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", group, alert("firing", "a:8080", zero))).status())
                .isEqualTo(200);
        Instant written = stored().updated();

        service.clock().advance(Duration.ofMinutes(1));
        assertThat(service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", group, alert("firing", "a:8080", zero))).status())
                .isEqualTo(200);
        assertThat(stored().updated()).as("an unchanged repeat is not written").isEqualTo(written);

        service.clock().advance(Duration.ofMinutes(1));
        String changed = alert("firing", "a:8080", zero).replace("agente-api is down", "agente-api is down in eu-west");
        assertThat(service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", group, changed)).status()).isEqualTo(200);
        assertThat(stored().updated()).isEqualTo(service.clock().instant());
        assertThat(stored().alert().annotations()).containsEntry("summary", "agente-api is down in eu-west");

        service.clock().advance(Duration.ofMinutes(1));
        String moved = alert("firing", "a:8080", zero).replace("09:58:00Z", "09:59:00Z");
        assertThat(service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", group, moved)).status()).isEqualTo(200);
        assertThat(stored().alert().startsAt()).isEqualTo(Instant.parse("2026-11-29T09:59:00Z"));
        assertThat(stored().updated()).isEqualTo(service.clock().instant());
    }

    private io.firebreak.server.store.AlertStore.StoredAlert stored() {
        return service.service().alerts().list(java.util.Optional.empty(), false, 10).get(0);
    }

    @Test
    void groupByLabelsSplitsIncidentsInsteadOfTheGroupKey() throws Exception {
        service = ServiceHarness.sqlite("ingestion: {group_by: [instance]}\n");
        String zero = "0001-01-01T00:00:00Z";
        service.post("/api/v1/alerts/alertmanager", TOKEN, webhook("firing", "{}:{alertname=\"ApiDown\"}",
                alert("firing", "a:8080", zero), alert("firing", "b:8080", zero)));
        assertThat(incidents()).hasSize(2);
    }

    @Test
    void pushedAlertsKeepTheValidOnesNameTheInvalidOnesAndExpire() throws Exception {
        service = ServiceHarness.sqlite("ingestion: {resolve_timeout: 2m}\n");
        Reply reply = service.post("/api/v2/alerts", TOKEN, """
                [{"labels": {"alertname": "DiskFull", "severity": "warning", "instance": "db1"}, "annotations": {"summary": "disk 95%"},
                  "startsAt": "2026-11-29T09:59:00Z", "generatorURL": "http://prom/graph"},
                 {"labels": {}, "annotations": {}},
                 {"labels": {"alertname": "X"}, "startsAt": "yesterday"},
                 {"labels": {"alertname": "Y", "1bad": "v"}}]""");
        assertThat(reply.status()).isEqualTo(400);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.get("stored").asInt()).isEqualTo(1);
        assertThat(body.get("invalid").findValuesAsText("field")).containsExactly("[1].labels", "[2].startsAt", "[3].labels");
        assertThat(body.get("field").asText()).isEqualTo("[1].labels");
        assertThat(incidents()).singleElement().satisfies(i -> {
            assertThat(i.severity().sev()).isEqualTo("SEV3");
            assertThat(i.title()).isEqualTo("disk 95%");
        });

        // Not refreshed within resolve_timeout: the engine resolves the alert, and so the incident.
        service.clock().advance(Duration.ofMinutes(3));
        await(() -> incidents().get(0).status() == IncidentStatus.RESOLVED);

        // endsAt in the past is a resolved alert: nothing opens.
        service.post("/api/v2/alerts", TOKEN, """
                [{"labels": {"alertname": "Gone"}, "startsAt": "2026-11-29T09:00:00Z", "endsAt": "2026-11-29T09:30:00Z"}]""");
        assertThat(incidents()).hasSize(1);
    }

    @Test
    void genericAlertsFireAndResolveByDedupKey() throws Exception {
        service = ServiceHarness.sqlite("detection: {severity_map: {p1: CRITICAL}}\n");
        Reply mapped = service.post("/api/v1/alerts", TOKEN, "{\"summary\": \"Paged\", \"severity\": \"p1\", \"dedup_key\": \"p1-test\"}");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(incidents()).singleElement().satisfies(i -> assertThat(i.severity().sev()).isEqualTo("SEV1"));
        service.post("/api/v1/alerts", TOKEN, "{\"dedup_key\": \"p1-test\", \"status\": \"resolved\"}");
        Reply fired = service.post("/api/v1/alerts", TOKEN, """
                {"summary": "Backups failing", "severity": "HIGH", "service": "agente-db", "dedup_key": "backup-1",
                 "labels": {"team": "data"}, "runbook": "docs/runbooks/01-database-down.md"}""");
        assertThat(fired.status()).as(fired.body()).isEqualTo(200);
        assertThat(incidents()).filteredOn(i -> i.title().equals("Backups failing")).singleElement().satisfies(i -> {
            assertThat(i.severity().sev()).isEqualTo("SEV2");
            assertThat(i.service()).isEqualTo("agente-db");
            assertThat(i.labels()).containsEntry("team", "data");
            assertThat(i.runbook()).isEqualTo("docs/runbooks/01-database-down.md");
        });
        Reply bad = service.post("/api/v1/alerts", TOKEN, "{\"summary\": \"x\", \"severity\": \"apocalyptic\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("severity");
        service.post("/api/v1/alerts", TOKEN, "{\"dedup_key\": \"backup-1\", \"status\": \"resolved\"}");
        Incident backup = incidents().stream().filter(i -> i.title().equals("Backups failing")).findFirst().orElseThrow();
        assertThat(backup.status()).isEqualTo(IncidentStatus.RESOLVED);
        // Resolving by dedup_key alone keeps what the alert was.
        assertThat(service.service().alerts().ofIncident(backup.id())).singleElement().satisfies(stored -> {
            assertThat(stored.alert().labels()).containsEntry("team", "data");
            assertThat(stored.alert().annotations()).containsEntry("summary", "Backups failing");
            assertThat(stored.alert().firing()).isFalse();
        });
    }

    @Test
    void anUnreachableStoreAnswers503AndNeverSuccess() throws Exception {
        service = ServiceHarness.sqlite("");
        service.service().database().close();
        Reply reply = service.post("/api/v2/alerts", TOKEN, "[{\"labels\": {\"alertname\": \"X\"}}]");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(JSON.readTree(reply.body()).get("error").asText()).contains("not stored");
        assertThat(service.get("/health/ready", null).status()).isEqualTo(503);
    }
}
