package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.alert.ExternalAlert;
import io.firebreak.server.testing.ServiceHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON shapes of Firebreak's Alertmanager v2 API, against a real service on SQLite (no external binaries). */
class AlertmanagerApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "severity", "critical", "service", "agente-api");

    private ServiceHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = startHarness();
    }

    /** SQLite here; {@link AlertmanagerApiPostgresIT} runs the same tests on PostgreSQL. */
    ServiceHarness startHarness() throws Exception {
        return ServiceHarness.sqlite("");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Instant now() {
        return harness.clock().instant();
    }

    private JsonNode json(ServiceHarness.Reply reply, int status) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return JSON.readTree(reply.body());
    }

    private JsonNode get(String path) throws Exception {
        return json(harness.get(path, ServiceHarness.VIEWER), 200);
    }

    private static String query(String matcher) {
        return URLEncoder.encode(matcher, StandardCharsets.UTF_8);
    }

    private void pushAlert() throws Exception {
        String body = JSON.writeValueAsString(java.util.List.of(Map.of("labels", LABELS,
                "annotations", Map.of("summary", "disk <b>full</b>"), "startsAt", now().minusSeconds(60).toString(),
                "generatorURL", "http://prometheus.example.com/graph")));
        json(harness.post("/api/v2/alerts", ServiceHarness.RESPONDER, body), 200);
    }

    private String silence(String name, String value, boolean regex, Duration length) throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "matchers", java.util.List.of(Map.of("name", name, "value", value, "isRegex", regex, "isEqual", true)),
                "startsAt", now().toString(), "endsAt", now().plus(length).toString(), "createdBy", "bob", "comment", "maintenance"));
        return json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, body), 200).get("silenceID").asText();
    }

    @Test
    void firingAlertsHaveAlertmanagersGettableAlertShape() throws Exception {
        pushAlert();

        JsonNode alert = get("/api/v2/alerts").get(0);

        assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("DiskFull");
        assertThat(alert.get("annotations").get("summary").asText()).isEqualTo("disk <b>full</b>");
        assertThat(alert.get("fingerprint").asText()).isEqualTo(ExternalAlert.fingerprint(LABELS));
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-29T09:59:00.000Z");
        assertThat(Instant.parse(alert.get("endsAt").asText())).isAfter(now());
        assertThat(alert.get("updatedAt").asText()).isEqualTo("2026-11-29T10:00:00.000Z");
        assertThat(alert.get("generatorURL").asText()).isEqualTo("http://prometheus.example.com/graph");
        assertThat(alert.get("receivers").get(0).get("name").asText()).isEqualTo("firebreak");
        assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
        assertThat(alert.get("status").get("silencedBy")).isEmpty();
        assertThat(alert.get("status").get("inhibitedBy")).isEmpty();
        assertThat(alert.get("status").get("mutedBy")).isEmpty();
        assertThat(get("/api/v2/alerts?filter=" + query("alertname=\"Other\""))).isEmpty();
        assertThat(get("/api/v2/alerts?filter=" + query("service=~\"agente.*\"") + "&filter=" + query("severity=critical"))).hasSize(1);
        assertThat(get("/api/v2/alerts?receiver=fire.*")).hasSize(1);
        assertThat(get("/api/v2/alerts?receiver=slack")).isEmpty();
    }

    @Test
    void matchingSilenceSuppressesTheAlertAndTheStateFlagsFilterIt() throws Exception {
        pushAlert();
        String id = silence("alertname", "Disk.*", true, Duration.ofHours(1));

        JsonNode alert = get("/api/v2/alerts").get(0);

        assertThat(alert.get("status").get("state").asText()).isEqualTo("suppressed");
        assertThat(alert.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);
        assertThat(get("/api/v2/alerts?active=true&silenced=false")).isEmpty();
        assertThat(get("/api/v2/alerts?active=false&silenced=true")).hasSize(1);
        harness.clock().advance(Duration.ofHours(2));
        pushAlert();
        assertThat(get("/api/v2/alerts?silenced=false").get(0).get("status").get("state").asText()).isEqualTo("active");
    }

    @Test
    void groupsCarryTheirCommonLabelsAndReceiver() throws Exception {
        pushAlert();

        JsonNode group = get("/api/v2/alerts/groups").get(0);

        assertThat(group.get("labels").get("service").asText()).isEqualTo("agente-api");
        assertThat(group.get("receiver").get("name").asText()).isEqualTo("firebreak");
        assertThat(group.get("alerts")).hasSize(1);
        assertThat(group.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(ExternalAlert.fingerprint(LABELS));
    }

    @Test
    void silencesHaveAlertmanagersGettableSilenceShape() throws Exception {
        String id = silence("alertname", "DiskFull", false, Duration.ofHours(1));

        JsonNode silence = get("/api/v2/silence/" + id);

        assertThat(silence.get("id").asText()).isEqualTo(id);
        assertThat(silence.get("status").get("state").asText()).isEqualTo("active");
        assertThat(silence.get("matchers").get(0).get("name").asText()).isEqualTo("alertname");
        assertThat(silence.get("matchers").get(0).get("value").asText()).isEqualTo("DiskFull");
        assertThat(silence.get("matchers").get(0).get("isRegex").asBoolean()).isFalse();
        assertThat(silence.get("matchers").get(0).get("isEqual").asBoolean()).isTrue();
        assertThat(silence.get("startsAt").asText()).isEqualTo("2026-11-29T10:00:00.000Z");
        assertThat(silence.get("endsAt").asText()).isEqualTo("2026-11-29T11:00:00.000Z");
        assertThat(silence.get("updatedAt").asText()).isEqualTo("2026-11-29T10:00:00.000Z");
        assertThat(silence.get("createdBy").asText()).isEqualTo("bob");
        assertThat(silence.get("comment").asText()).isEqualTo("maintenance");
        assertThat(get("/api/v2/silences")).hasSize(1);
        assertThat(get("/api/v2/silences?filter=" + query("alertname=DiskFull"))).hasSize(1);
        assertThat(get("/api/v2/silences?filter=" + query("alertname=Other"))).isEmpty();
        assertThat(harness.service().silences().list(now(), false)).singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(id));
    }

    @Test
    void postingWithAnIdExtendsInPlaceOrReplacesWhenTheMatchersChange() throws Exception {
        String id = silence("alertname", "DiskFull", false, Duration.ofHours(1));
        Instant start = now();
        harness.clock().advance(Duration.ofMinutes(10));
        String extend = """
                {"id": "%s", "matchers": [{"name": "alertname", "value": "DiskFull", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "longer"}"""
                .formatted(id, start, start.plus(Duration.ofHours(3)));

        assertThat(json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, extend), 200).get("silenceID").asText()).isEqualTo(id);
        assertThat(get("/api/v2/silence/" + id).get("endsAt").asText()).isEqualTo("2026-11-29T13:00:00.000Z");
        assertThat(get("/api/v2/silence/" + id).get("comment").asText()).isEqualTo("longer");

        String replace = extend.replace("\"DiskFull\"", "\"DiskAlmostFull\"");
        String newId = json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, replace), 200).get("silenceID").asText();

        assertThat(newId).isNotEqualTo(id);
        assertThat(get("/api/v2/silence/" + id).get("status").get("state").asText()).isEqualTo("expired");
        assertThat(get("/api/v2/silence/" + newId).get("matchers").get(0).get("value").asText()).isEqualTo("DiskAlmostFull");
        assertThat(get("/api/v2/silences?expired=false")).hasSize(1);
    }

    @Test
    void deleteExpiresActiveAndPendingSilences() throws Exception {
        String active = silence("alertname", "DiskFull", false, Duration.ofHours(1));
        String pendingBody = """
                {"matchers": [{"name": "service", "value": "agente-api", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "tonight"}"""
                .formatted(now().plus(Duration.ofHours(8)), now().plus(Duration.ofHours(10)));
        String pending = json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, pendingBody), 200).get("silenceID").asText();
        assertThat(get("/api/v2/silence/" + pending).get("status").get("state").asText()).isEqualTo("pending");

        assertThat(harness.delete("/api/v2/silence/" + active, ServiceHarness.RESPONDER).status()).isEqualTo(200);
        assertThat(harness.delete("/api/v2/silence/" + pending, ServiceHarness.RESPONDER).status()).isEqualTo(200);

        JsonNode all = get("/api/v2/silences");
        assertThat(all).hasSize(2).allSatisfy(s -> assertThat(s.get("status").get("state").asText()).isEqualTo("expired"));
        assertThat(harness.service().silences().list(now(), false)).isEmpty();
        assertThat(harness.service().silences().list(now(), true)).hasSize(2);
    }

    @Test
    void errorsAreAlertmanagerStyleStringsNamingTheField() throws Exception {
        String badRegex = """
                {"matchers": [{"name": "alertname", "value": "(", "isRegex": true}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "x"}""".formatted(now(), now().plusSeconds(60));
        assertThat(json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, badRegex), 400).asText()).startsWith("matchers[0].value: invalid regex");

        String pastEnd = """
                {"matchers": [{"name": "alertname", "value": "X", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "x"}"""
                .formatted(now().minusSeconds(120), now().minusSeconds(60));
        assertThat(json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, pastEnd), 400).asText()).startsWith("endsAt:");

        String badTime = """
                {"matchers": [{"name": "alertname", "value": "X", "isRegex": false}],
                 "startsAt": "yesterday", "endsAt": "%s", "createdBy": "bob", "comment": "x"}""".formatted(now().plusSeconds(60));
        assertThat(json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, badTime), 400).asText()).startsWith("startsAt:");

        String matchesEverything = """
                {"matchers": [{"name": "alertname", "value": ".*", "isRegex": true}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "x"}""".formatted(now(), now().plusSeconds(60));
        assertThat(json(harness.post("/api/v2/silences", ServiceHarness.RESPONDER, matchesEverything), 400).asText())
                .startsWith("matchers: at least one matcher must not match the empty string");

        assertThat(json(harness.get("/api/v2/alerts?filter=" + query("not a matcher"), ServiceHarness.VIEWER), 400).asText()).startsWith("filter:");
        assertThat(json(harness.get("/api/v2/alerts?active=maybe", ServiceHarness.VIEWER), 400).asText()).startsWith("active:");
        assertThat(json(harness.get("/api/v2/silence/SIL-00000000", ServiceHarness.VIEWER), 404).asText()).contains("not found");
        assertThat(harness.delete("/api/v2/silence/SIL-00000000", ServiceHarness.RESPONDER).status()).isEqualTo(404);
    }

    @Test
    void readsNeedAViewerTokenAndWritesAResponder() throws Exception {
        assertThat(harness.get("/api/v2/alerts", null).status()).isEqualTo(401);
        String body = """
                {"matchers": [{"name": "alertname", "value": "X", "isRegex": false}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "bob", "comment": "x"}""".formatted(now(), now().plusSeconds(60));
        assertThat(harness.post("/api/v2/silences", ServiceHarness.VIEWER, body).status()).isEqualTo(403);
        assertThat(harness.service().silences().list(now(), true)).isEmpty();
    }

    @Test
    void statusReportsAReadySingleNodeCluster() throws Exception {
        JsonNode status = get("/api/v2/status");

        assertThat(status.get("cluster").get("status").asText()).isEqualTo("ready");
        assertThat(status.get("cluster").get("peers")).isEmpty();
        assertThat(status.get("versionInfo").get("version").asText()).isNotEmpty();
        assertThat(status.get("versionInfo").has("goVersion")).isTrue();
        assertThat(status.get("config").get("original").asText()).isEmpty();
        assertThat(status.get("uptime").asText()).isEqualTo("2026-11-29T10:00:00.000Z");
        assertThat(get("/api/v2/receivers").get(0).get("name").asText()).isEqualTo("firebreak");
    }
}
