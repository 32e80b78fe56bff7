package io.firebreak.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.ServiceHarness;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public status page on a real service: no token, public services only, public facts only,
 * and uptime that follows incidents opened, noted and resolved through the real API. Runs on
 * each store, since the page reads incidents with its own query.
 */
abstract class StatusPageContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String YAML = """
            services:
              - {name: agente-api, tier: 1, public: true}
              - {name: internal-batch, public: false}
            """;
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String SUMMARY = "Connection pool exhausted on db-primary-xyzzy " + SCRIPT;
    private static final String NOTE = "Plugh: the leak is in the billing worker, Bob is restarting it";
    private static final Pattern BAR_TITLE = Pattern.compile("title=\"(\\d{4}-\\d{2}-\\d{2}): ([0-9.]+) % uptime, ([a-z ]+)\"");

    ServiceHarness harness;

    /** A running service on the store under test. */
    abstract ServiceHarness startService(String yaml) throws Exception;

    @BeforeEach
    void start() throws Exception {
        harness = startService(YAML);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void withoutIncidentsEveryPublicServiceIsOperationalAndNoTokenIsNeeded() throws Exception {
        var page = harness.get("/status", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
        assertThat(page.body()).contains("All systems operational", "agente-api", "Operational", "100.00 % uptime")
                .doesNotContain("internal-batch", "<script");
        assertThat(bars(page.body())).hasSize(90).allSatisfy(bar -> {
            assertThat(bar.percent()).isEqualTo(100.0);
            assertThat(bar.level()).isEqualTo("no incidents");
        });
        assertThat(bars(page.body()).get(89).date()).isEqualTo("2026-11-29");

        JsonNode json = JSON.readTree(harness.get("/status.json", null).body());
        assertThat(json.at("/page/status").asText()).isEqualTo("operational");
        assertThat(json.at("/page/description").asText()).isEqualTo("All systems operational");
        assertThat(json.get("services")).hasSize(1);
        assertThat(json.at("/services/0/name").asText()).isEqualTo("agente-api");
        assertThat(json.at("/services/0/uptime_percent").asDouble()).isEqualTo(100.0);
        assertThat(json.at("/services/0/incidents")).isEmpty();
    }

    @Test
    void anOutageShowsOnlyPublicFactsAndLeavesADentInTheDayAfterItIsResolved() throws Exception {
        String id = fire("agente-api", "AgenteApiDown", "db-primary-7:9187", "team-payments-secret");
        String internal = fire("internal-batch", "NightlyBatchLate", "batch-host-3:9100", "team-batch");
        assertThat(harness.post("/api/v1/incidents/" + id + "/notes", ServiceHarness.RESPONDER,
                JSON.writeValueAsString(java.util.Map.of("text", NOTE))).status()).isEqualTo(200);
        JsonNode incident = JSON.readTree(harness.get("/api/v1/incidents/" + id, ServiceHarness.VIEWER).body());
        String title = incident.at("/title").asText();
        assertThat(incident.at("/severity").asText()).isEqualTo("CRITICAL");
        harness.clock().advance(Duration.ofMinutes(30));

        var page = harness.get("/status", null);
        assertThat(page.status()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("Major outage", "We are investigating an issue affecting agente-api.", "Investigating",
                "2026-11-29 10:00 UTC");
        assertThat(html.substring(html.indexOf("id=\"summary\""))).startsWith("id=\"summary\">Major outage<");
        assertThat(html).doesNotContain(
                "<script", "&lt;script", "alert(1)", "xyzzy", title, "Connection pool", "Plugh", "billing worker", "Bob",
                "AgenteApiDown", "db-primary-7", "team-payments-secret", "critical", "CRITICAL", "SEV1",
                "alice", "internal-batch", "NightlyBatchLate", "batch-host", internal, id, "INC-");
        assertThat(bars(html).get(89).level()).isEqualTo("major outage");
        assertThat(bars(html).get(89).percent()).isLessThan(100.0);

        String json = harness.get("/status.json", null).body();
        assertThat(json).doesNotContain("<script", "u003cscript", "alert(1)", "xyzzy", title, "Plugh", "AgenteApiDown", "db-primary-7",
                "team-payments-secret", "critical", "alice", "internal-batch", "INC-");
        JsonNode status = JSON.readTree(json);
        assertThat(status.at("/page/status").asText()).isEqualTo("major_outage");
        assertThat(status.at("/page/description").asText()).isEqualTo("Major outage");
        assertThat(status.at("/services/0/status").asText()).isEqualTo("major_outage");
        assertThat(status.at("/services/0/description").asText()).isEqualTo("Major outage");
        assertThat(status.at("/services/0/incidents")).hasSize(1);
        JsonNode shown = status.at("/services/0/incidents/0");
        assertThat(fieldNames(shown)).containsExactly("status", "impact", "started_at", "summary");
        assertThat(shown.get("status").asText()).isEqualTo("investigating");
        assertThat(shown.get("impact").asText()).isEqualTo("major_outage");
        assertThat(shown.get("started_at").asText()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(shown.get("summary").asText()).isEqualTo("We are investigating an issue affecting agente-api.");

        assertThat(harness.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);
        harness.clock().advance(Duration.ofDays(1));

        String after = harness.get("/status", null).body();
        assertThat(after).contains("All systems operational", "Operational").doesNotContain("Major outage", "Investigating");
        List<Bar> bars = bars(after);
        assertThat(bars.get(89).date()).isEqualTo("2026-11-30");
        assertThat(bars.get(89).percent()).isEqualTo(100.0);
        Bar outageDay = bars.get(88);
        assertThat(outageDay.date()).isEqualTo("2026-11-29");
        // 30 minutes of a 24-hour day: 97.916...%, shown rounded down.
        assertThat(outageDay.percent()).isLessThan(100.0).isEqualTo(97.91);
        assertThat(outageDay.level()).isEqualTo("major outage");

        JsonNode resolved = JSON.readTree(harness.get("/status.json", null).body());
        assertThat(resolved.at("/page/status").asText()).isEqualTo("operational");
        assertThat(resolved.at("/services/0/incidents")).isEmpty();
        JsonNode days = resolved.at("/services/0/days");
        assertThat(days).hasSize(90);
        assertThat(fieldNames(days.get(88))).containsExactly("date", "uptime_percent", "level");
        assertThat(days.get(88).get("date").asText()).isEqualTo("2026-11-29");
        assertThat(days.get(88).get("uptime_percent").asDouble()).isEqualTo(97.916);
        assertThat(days.get(88).get("level").asText()).isEqualTo("major_outage");
        assertThat(days.get(89).get("level").asText()).isEqualTo("no_incidents");
        assertThat(resolved.at("/services/0/uptime_percent").asDouble()).isLessThan(100.0).isGreaterThan(99.9);
    }

    @Test
    void anOutageOpenedBeforeTheWindowAndStillOpenFillsEveryBar() throws Exception {
        fire("agente-api", "AgenteApiDown", "db-primary-7:9187", "team-payments-secret");
        harness.clock().advance(Duration.ofDays(100));

        JsonNode open = JSON.readTree(harness.get("/status.json", null).body());
        assertThat(open.at("/services/0/status").asText()).isEqualTo("major_outage");
        assertThat(open.at("/services/0/incidents/0/started_at").asText()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(open.at("/services/0/uptime_percent").asDouble()).isEqualTo(0.0);
        assertThat(open.at("/services/0/days")).hasSize(90).allSatisfy(day -> {
            assertThat(day.get("uptime_percent").asDouble()).isEqualTo(0.0);
            assertThat(day.get("level").asText()).isEqualTo("major_outage");
        });

        String id = JSON.readTree(harness.get("/api/v1/incidents?service=agente-api", ServiceHarness.VIEWER).body())
                .at("/incidents/0/id").asText();
        assertThat(harness.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(200);
        harness.clock().advance(Duration.ofDays(1));

        JsonNode resolved = JSON.readTree(harness.get("/status.json", null).body());
        JsonNode days = resolved.at("/services/0/days");
        assertThat(resolved.at("/services/0/status").asText()).isEqualTo("operational");
        // Resolved at 10:00 UTC on 2027-03-09: ten hours down that day, then a clean day.
        assertThat(days.get(88).get("date").asText()).isEqualTo("2027-03-09");
        assertThat(days.get(88).get("uptime_percent").asDouble()).isEqualTo(58.333);
        assertThat(days.get(87).get("uptime_percent").asDouble()).isEqualTo(0.0);
        assertThat(days.get(89).get("level").asText()).isEqualTo("no_incidents");
    }

    /** Opens an incident through Alertmanager's webhook, the way a real Alertmanager would; returns its id. */
    private String fire(String service, String alertname, String instance, String team) throws Exception {
        String body = """
                {"version": "4", "groupKey": "{}:{alertname=\\"%s\\"}", "status": "firing", "receiver": "firebreak",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "%s", "service": "%s", "severity": "critical", "instance": "%s", "team": "%s"},
                   "annotations": {"summary": %s, "description": %s},
                   "startsAt": "2026-11-29T10:00:00Z", "generatorURL": "http://prometheus.internal/graph"}]}
                """.formatted(alertname, alertname, service, instance, team, JSON.writeValueAsString(SUMMARY),
                JSON.writeValueAsString("Details for operators only: " + SCRIPT));
        var reply = harness.post("/api/v1/alerts/alertmanager", ServiceHarness.RESPONDER, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(harness.get("/api/v1/incidents?service=" + service, ServiceHarness.VIEWER).body());
        assertThat(list.get("incidents")).as("incidents of " + service).hasSize(1);
        return list.at("/incidents/0/id").asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    record Bar(String date, double percent, String level) {}

    private static List<Bar> bars(String html) {
        Matcher matcher = BAR_TITLE.matcher(html);
        List<Bar> bars = new java.util.ArrayList<>();
        while (matcher.find()) {
            bars.add(new Bar(matcher.group(1), Double.parseDouble(matcher.group(2)), matcher.group(3)));
        }
        return bars;
    }
}
