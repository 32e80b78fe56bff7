package io.firebreak.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.ServiceHarness.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API through real HTTP on a running service: every endpoint, role and error code. */
class ApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = ServiceHarness.ADMIN;
    private static final String RESPONDER = ServiceHarness.RESPONDER;
    private static final String VIEWER = ServiceHarness.VIEWER;
    private static ServiceHarness service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceHarness.sqlite("""
                channels:
                  - {name: console, type: console}
                routes:
                  - {channels: [console]}
                """);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode json(Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + reply.body(), e);
        }
    }

    private static String open(String title, String severity) {
        Reply reply = service.post("/api/v1/incidents", RESPONDER,
                "{\"title\": \"" + title + "\", \"severity\": \"" + severity + "\", \"service\": \"agente-api\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return json(reply).get("id").asText();
    }

    @Test
    void everyApiCallNeedsAToken() {
        Reply reply = service.get("/api/v1/incidents", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(json(reply).get("error").asText()).contains("bearer token");
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(service.get("/api/v1/incidents", "not-a-token-at-all-0123456789").status()).isEqualTo(401);
        // ingestion is served ahead of Javalin (IngestHandler): the same answer, header and JSON shape
        Reply ingest = service.post("/api/v2/alerts", null, "[]");
        assertThat(ingest.status()).isEqualTo(401);
        assertThat(json(ingest).get("error").asText()).contains("bearer token");
        assertThat(ingest.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(service.post("/api/v1/alerts/alertmanager", "not-a-token-at-all-0123456789", "{}").status()).isEqualTo(401);
    }

    @Test
    void aViewerReadsButCannotWrite() {
        String id = open("Viewer check", "HIGH");
        assertThat(service.get("/api/v1/incidents/" + id, VIEWER).status()).isEqualTo(200);
        Reply refused = service.post("/api/v1/incidents/" + id + "/acknowledge", VIEWER, "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(json(refused).get("error").asText()).contains("viewer");
        Reply ingest = service.post("/api/v1/alerts", VIEWER, "{\"summary\": \"x\"}");
        assertThat(ingest.status()).isEqualTo(403);
        assertThat(json(ingest).get("error").asText()).contains("viewer");
        assertThat(service.post("/api/v1/incidents", VIEWER, "{\"title\": \"t\", \"severity\": \"LOW\"}").status()).isEqualTo(403);
        assertThat(service.get("/api/v1/incidents/" + id, VIEWER).body()).contains("\"status\":\"TRIGGERED\"");
    }

    @Test
    void theWholeLifecycleThroughTheApiWithTheTokenNameAsActor() {
        String id = open("Lifecycle", "CRITICAL");
        assertThat(service.post("/api/v1/incidents/" + id + "/acknowledge", RESPONDER, "").status()).isEqualTo(200);
        Reply again = service.post("/api/v1/incidents/" + id + "/acknowledge", RESPONDER, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("already acknowledged");
        Reply status = service.post("/api/v1/incidents/" + id + "/status", RESPONDER,
                "{\"status\": \"IDENTIFIED\", \"message\": \"disk full on primary\"}");
        assertThat(json(status).get("status").asText()).isEqualTo("IDENTIFIED");
        assertThat(service.post("/api/v1/incidents/" + id + "/notes", RESPONDER, "{\"text\": \"extending the volume\"}").status())
                .isEqualTo(200);
        Reply assigned = service.post("/api/v1/incidents/" + id + "/assign", RESPONDER,
                "{\"commander\": \"carol\", \"responders\": [\"dave\", \"erin\"]}");
        assertThat(json(assigned).get("commander").asText()).isEqualTo("carol");
        assertThat(json(assigned).get("responders")).hasSize(2);
        Reply severity = service.post("/api/v1/incidents/" + id + "/severity", ADMIN,
                "{\"severity\": \"HIGH\", \"reason\": \"only writes are affected\"}");
        assertThat(json(severity).get("sev").asText()).isEqualTo("SEV2");
        Reply resolved = service.post("/api/v1/incidents/" + id + "/resolve", RESPONDER, "{\"message\": \"volume extended\"}");
        assertThat(json(resolved).get("status").asText()).isEqualTo("RESOLVED");

        JsonNode shown = json(service.get("/api/v1/incidents/" + id, VIEWER));
        JsonNode timeline = shown.get("timeline");
        assertThat(timeline.findValuesAsText("type")).containsSubsequence("opened", "acknowledged", "status_changed", "note",
                "commander_assigned", "responder_added", "severity_changed", "resolved");
        assertThat(timeline.findValuesAsText("actor")).contains("alice", "root");
        assertThat(timeline.findValuesAsText("message")).anyMatch(m -> m.contains("SEV1 → SEV2: only writes are affected"));
        assertThat(shown.get("deliveries").findValuesAsText("channel")).contains("console");
        assertThat(shown.has("alerts")).isTrue();
    }

    @Test
    void badRequestsNameTheField() {
        String id = open("Bad input", "LOW");
        assertField(service.post("/api/v1/incidents/" + id + "/status", RESPONDER, "{\"status\": \"ASLEEP\"}"), 400, "status");
        assertField(service.post("/api/v1/incidents/" + id + "/severity", RESPONDER, "{\"severity\": \"HIGH\"}"), 400, "reason");
        assertField(service.post("/api/v1/incidents/" + id + "/notes", RESPONDER, "{\"text\": 42}"), 400, "text");
        assertField(service.post("/api/v1/incidents/" + id + "/assign", RESPONDER, "{\"responders\": [\"\"]}"), 400, "responders[0]");
        assertField(service.post("/api/v1/incidents", RESPONDER, "{\"severity\": \"LOW\"}"), 400, "title");
        assertField(service.get("/api/v1/incidents?limit=9999", VIEWER), 400, "limit");
        assertField(service.get("/api/v1/incidents?since=yesterday", VIEWER), 400, "since");
        assertField(service.get("/api/v1/incidents?cursor=not-a-cursor!", VIEWER), 400, "cursor");
        assertField(service.post("/api/v1/silences", RESPONDER, "{\"matchers\": [\"a=~(\"], \"duration\": \"1h\", \"comment\": \"c\"}"),
                400, "matchers[0]");
        assertThat(service.post("/api/v1/incidents/" + id + "/notes", RESPONDER, "{not json").status()).isEqualTo(400);
        assertThat(service.post("/api/v1/incidents/INC-20200101-999/acknowledge", RESPONDER, "{}").status()).isEqualTo(404);
        assertThat(service.get("/api/v1/incidents/INC-20200101-999", VIEWER).status()).isEqualTo(404);
        Reply wrongType = service.send(service.builder("/api/v1/alerts", RESPONDER).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("summary=x")).build());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(json(wrongType).get("error").asText()).contains("application/json");
        Reply tooLarge = service.post("/api/v2/alerts", RESPONDER, "[" + "\"x\",".repeat(300_000) + "\"x\"]");
        assertThat(tooLarge.status()).isEqualTo(413);
        // the same without a Content-Length (chunked): counted as it is read, and still a 413, not a broken connection
        byte[] big = ("[" + "\"x\",".repeat(300_000) + "\"x\"]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Reply chunked = service.send(service.builder("/api/v2/alerts", RESPONDER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());
        assertThat(chunked.status()).isEqualTo(413);
    }

    private static void assertField(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(json(reply).get("field").asText()).as(reply.body()).isEqualTo(field);
        assertThat(json(reply).get("error").asText()).isNotBlank();
    }

    @Test
    void listsFilterAndPageWithACursor() {
        for (int i = 0; i < 5; i++) {
            open("Paged " + i, i % 2 == 0 ? "MEDIUM" : "LOW");
            service.clock().advance(Duration.ofSeconds(1));
        }
        JsonNode first = json(service.get("/api/v1/incidents?severity=MEDIUM&limit=2&status=open", VIEWER));
        assertThat(first.get("incidents")).hasSize(2);
        assertThat(first.get("incidents").findValuesAsText("severity")).containsOnly("MEDIUM");
        String cursor = first.get("next_cursor").asText();
        JsonNode second = json(service.get("/api/v1/incidents?severity=MEDIUM&limit=2&status=open&cursor=" + cursor, VIEWER));
        assertThat(second.get("incidents").findValuesAsText("id")).doesNotContainAnyElementsOf(first.get("incidents").findValuesAsText("id"));
        assertThat(json(service.get("/api/v1/incidents?service=nothing-like-it", VIEWER)).get("incidents")).isEmpty();
        String resolved = open("Resolved one", "MEDIUM");
        service.post("/api/v1/incidents/" + resolved + "/resolve", RESPONDER, "{}");
        JsonNode either = json(service.get("/api/v1/incidents?status=open,RESOLVED&limit=500", VIEWER));
        assertThat(either.get("incidents").findValuesAsText("id")).contains(resolved);
        assertThat(either.get("incidents").findValuesAsText("status")).contains("TRIGGERED", "RESOLVED");
        assertThat(json(service.get("/api/v1/incidents?since=1h&status=TRIGGERED", VIEWER)).get("incidents").findValuesAsText("status"))
                .containsOnly("TRIGGERED");
    }

    @Test
    void silencesRulesAndNotifications() {
        Reply created = service.post("/api/v1/silences", RESPONDER,
                "{\"matchers\": [\"service=\\\"agente-api\\\"\"], \"duration\": \"2h\", \"comment\": \"maintenance\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String silence = json(created).get("id").asText();
        assertThat(json(created).get("created_by").asText()).isEqualTo("alice");
        assertThat(service.get("/api/v1/silences", VIEWER).body()).contains(silence);
        assertThat(service.delete("/api/v1/silences/" + silence, RESPONDER).status()).isEqualTo(200);
        assertThat(service.delete("/api/v1/silences/" + silence, RESPONDER).status()).isEqualTo(404);
        assertThat(service.get("/api/v1/silences", VIEWER).body()).doesNotContain(silence);

        assertThat(json(service.get("/api/v1/rules", VIEWER)).get("rules")).isEmpty();

        String id = open("Notify", "HIGH");
        JsonNode notifications = json(service.get("/api/v1/notifications?incident=" + id, VIEWER)).get("notifications");
        assertThat(notifications.findValuesAsText("channel")).contains("console");
        String row = notifications.get(0).get("id").asText();
        assertThat(service.post("/api/v1/notifications/nope/retry", RESPONDER, "").status()).isEqualTo(404);
        assertThat(json(service.get("/api/v1/notifications?failed=true", VIEWER)).get("notifications")).isNotNull();
        assertThat(row).startsWith(id);
    }

    @Test
    void clusterShowsThisInstanceAndTheModulesItLeads() throws Exception {
        JsonNode cluster = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {   // the engine loop takes its leases and beats within a second
            cluster = json(service.get("/api/v1/cluster", VIEWER));
            if (!cluster.get("instances").isEmpty() && !cluster.get("leases").isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(cluster.get("instances")).singleElement().satisfies(instance -> {
            assertThat(instance.get("self").asBoolean()).isTrue();
            assertThat(instance.get("command").asText()).isEqualTo("run");
            List<String> leads = new java.util.ArrayList<>();
            instance.get("leads").forEach(module -> leads.add(module.asText()));
            assertThat(leads).contains("alert-expiry");
        });
        assertThat(cluster.get("leases").findValuesAsText("module")).contains("alert-expiry");
        assertThat(service.get("/api/v1/cluster", null).status()).isEqualTo(401);
    }

    @Test
    void healthMetricsAndUnknownPaths() {
        assertThat(service.get("/health/live", null).status()).isEqualTo(200);
        assertThat(service.get("/health/ready", null).body()).contains("ready");
        assertThat(service.get("/-/healthy", null).status()).isEqualTo(200);
        assertThat(service.get("/-/ready", null).status()).isEqualTo(200);
        assertThat(service.post("/api/v2/alerts", RESPONDER, "[]").status()).isEqualTo(200);
        assertThat(service.post("/api/v2/alerts/", RESPONDER, "[]").status()).isEqualTo(200);   // as Javalin's routes take it
        Reply metrics = service.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        // ingestion requests are timed like the rest of the API, though Jetty serves them ahead of Javalin
        assertThat(metrics.body()).containsPattern("firebreak_http_requests_seconds_count\\{[^}]*route=\"/api/v2/alerts\"[^}]*status=\"200\"");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "firebreak_http_requests_seconds_count",
                "firebreak_incidents_open{severity=\"SEV1\"}", "firebreak_outbox_pending", "firebreak_outbox_oldest_age_seconds");
        Reply wrongMethod = service.send(service.builder("/api/v1/incidents", ADMIN).PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(json(wrongMethod).get("error").asText()).contains("method not allowed");
        Reply missing = service.get("/api/v1/nothing-here", VIEWER);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("no such path");
    }
}
