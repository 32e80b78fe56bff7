package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.postmortem.PostMortemDocument;
import io.firebreak.server.testing.ServiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Post-mortems, action items and public updates through the API and the UI of a real service:
 * bad input is a 4xx naming the field, the document on disk follows every change made through
 * either, and the post-mortem page shows the document rendered with outside text escaped.
 */
class PostMortemApiIT {
    static final ObjectMapper JSON = new ObjectMapper();

    ServiceHarness service;

    @BeforeEach
    void start() throws Exception {
        service = ServiceHarness.sqlite("""
                people:
                  - {name: alice, email: alice@example.com}
                  - {name: carol, email: carol@example.com}
                """);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    JsonNode json(ServiceHarness.Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    String open(String title) throws Exception {
        var reply = service.post("/api/v1/incidents", ServiceHarness.RESPONDER,
                "{\"title\": \"" + title + "\", \"severity\": \"SEV1\", \"service\": \"agente-api\"}");
        assertThat(reply.status()).isEqualTo(201);
        return json(reply).path("id").asText();
    }

    @Test
    void postMortemAndActionItemsOverTheApiKeepTheDocumentInStep() throws Exception {
        String id = open("Database down");
        String base = "/api/v1/incidents/" + id;
        assertThat(service.post(base + "/notes", ServiceHarness.RESPONDER, "{\"text\": \"pool exhausted <script>alert(1)</script>\"}").status())
                .isEqualTo(200);

        // unknown incidents are 404s; an open incident is refused unless forced
        assertThat(service.get("/api/v1/incidents/INC-20261129-099/postmortem", ServiceHarness.VIEWER).status()).isEqualTo(404);
        assertThat(service.post("/api/v1/incidents/INC-20261129-099/action-items", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(404);
        var refused = service.post(base + "/postmortem", ServiceHarness.RESPONDER, "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("is still TRIGGERED").contains("--force");
        assertThat(service.get(base + "/postmortem", ServiceHarness.VIEWER).status()).isEqualTo(404);

        // a public update over the API, judged against the cadence; the flag is required
        var missingFlag = service.post(base + "/updates", ServiceHarness.RESPONDER, "{\"text\": \"Investigating\"}");
        assertThat(missingFlag.status()).isEqualTo(400);
        assertThat(json(missingFlag).path("field").asText()).isEqualTo("public");
        service.clock().advance(Duration.ofMinutes(10));
        var update = service.post(base + "/updates", ServiceHarness.RESPONDER, "{\"text\": \"We are investigating failed checkouts.\", \"public\": true}");
        assertThat(update.status()).as(update.body()).isEqualTo(201);
        assertThat(json(update).path("cadence").path("on_time").asBoolean()).isTrue();
        assertThat(json(update).path("public_summary").asText()).isEqualTo("We are investigating failed checkouts.");
        assertThat(json(update).path("event").path("type").asText()).isEqualToIgnoringCase("public_update");

        service.clock().advance(Duration.ofMinutes(5));
        assertThat(service.post(base + "/resolve", ServiceHarness.RESPONDER, "{\"message\": \"failover\"}").status()).isEqualTo(200);
        var created = service.post(base + "/postmortem", ServiceHarness.RESPONDER, "{\"title\": \"Primary database outage\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("state").asText()).isEqualTo("DRAFT");
        assertThat(json(created).path("path").asText()).isEqualTo("docs/post-mortems/" + id + "-primary-database-outage.md");
        assertThat(json(created).path("document").asText()).contains("| Incident ID | " + id + " |").contains("| Status | POSTMORTEM |");
        assertThat(json(service.get(base, ServiceHarness.VIEWER)).path("status").asText()).isEqualTo("POSTMORTEM");

        // action items: a past date and an unknown owner are 400s naming the field
        var past = service.post(base + "/action-items", ServiceHarness.RESPONDER,
                "{\"priority\": \"P1\", \"description\": \"Load-test the pool\", \"owner\": \"alice\", \"due\": \"2026-11-28\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(json(past).path("field").asText()).isEqualTo("due");
        assertThat(json(past).path("error").asText()).isEqualTo("2026-11-28 is in the past (today is 2026-11-29)");
        var stranger = service.post(base + "/action-items", ServiceHarness.RESPONDER,
                "{\"priority\": \"P1\", \"description\": \"Load-test the pool\", \"owner\": \"mallory\", \"due\": \"2026-12-05\"}");
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(json(stranger).path("field").asText()).isEqualTo("owner");
        assertThat(json(stranger).path("error").asText()).contains("unknown owner 'mallory'").contains("alice, carol");
        assertThat(json(service.post(base + "/action-items", ServiceHarness.RESPONDER,
                "{\"priority\": \"P9\", \"description\": \"x\", \"owner\": \"alice\", \"due\": \"2026-12-05\"}")).path("field").asText())
                .isEqualTo("priority");
        assertThat(service.post(base + "/action-items", ServiceHarness.VIEWER, "{}").status()).isEqualTo(403);

        var added = service.post(base + "/action-items", ServiceHarness.RESPONDER,
                "{\"priority\": \"P1\", \"description\": \"Load-test the pool\", \"owner\": \"alice\", \"due\": \"2026-12-05\","
                        + " \"tracker_url\": \"https://tracker.example.com/issues/42\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(json(added).path("number").asInt()).isEqualTo(1);
        Path file = service.dir().resolve(json(created).path("path").asText());
        // store -> document: the API's item is in the document's table at once
        assertThat(PostMortemDocument.block(Files.readString(file), "action-items").orElseThrow())
                .contains("| 1 | P1 | Load-test the pool | alice | 2026-12-05 | OPEN | <https://tracker.example.com/issues/42> |");
        // document -> store: a hand edit of the generated table is not a second truth; the next change renders the store's again
        Files.writeString(file, Files.readString(file).replace("| 2026-12-05 | OPEN |", "| 2026-12-05 | DONE |") + "\nWritten by people.\n");
        assertThat(json(service.get(base + "/action-items", ServiceHarness.VIEWER)).path("action_items").get(0).path("status").asText())
                .isEqualTo("OPEN");
        var closed = service.post(base + "/action-items/1/close", ServiceHarness.RESPONDER, "{}");
        assertThat(json(closed).path("status").asText()).isEqualTo("DONE");
        String document = Files.readString(file);
        assertThat(PostMortemDocument.block(document, "action-items").orElseThrow()).contains("| 2026-12-05 | DONE |");
        assertThat(document).contains("Written by people.");
        assertThat(service.post(base + "/action-items/7/close", ServiceHarness.RESPONDER, "{}").status()).isEqualTo(404);

        var list = json(service.get("/api/v1/postmortems", ServiceHarness.VIEWER)).path("postmortems");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("state").asText()).isEqualTo("DRAFT");
        assertThat(list.get(0).path("due").asText()).isEqualTo("2026-12-04T10:15:00Z");

        var shown = json(service.get(base + "/postmortem", ServiceHarness.VIEWER));
        assertThat(shown.path("action_items").get(0).path("status").asText()).isEqualTo("DONE");
        assertThat(shown.path("document").asText()).isEqualTo(document);

        assertThat(json(service.post(base + "/postmortem/state", ServiceHarness.RESPONDER, "{\"state\": \"sideways\"}")).path("field").asText())
                .isEqualTo("state");
        var published = service.post(base + "/postmortem/state", ServiceHarness.RESPONDER, "{\"state\": \"published\"}");
        assertThat(json(published).path("state").asText()).isEqualTo("PUBLISHED");
        assertThat(json(service.get(base, ServiceHarness.VIEWER)).path("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void resolveAcceptsTheFalsePositiveFlag() throws Exception {
        String id = open("Flapping probe");
        var bad = service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{\"false_positive\": \"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).path("field").asText()).isEqualTo("false_positive");
        var resolved = service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER,
                "{\"false_positive\": true, \"message\": \"probe misconfigured\"}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(new io.firebreak.server.store.FalsePositives(service.service().database()).flagged()).containsExactly(id);
        var timeline = json(service.get("/api/v1/incidents/" + id, ServiceHarness.VIEWER)).path("timeline");
        assertThat(timeline.get(timeline.size() - 1).path("message").asText()).isEqualTo("False positive: probe misconfigured");
    }

    @Test
    void postMortemPageRendersTheDocumentEscapedAndItsFormsNeedTheCsrfToken() throws Exception {
        String id = open("Database <b>down</b>");
        service.post("/api/v1/incidents/" + id + "/notes", ServiceHarness.RESPONDER, "{\"text\": \"<script>alert(1)</script> in a note\"}");
        service.post("/api/v1/incidents/" + id + "/resolve", ServiceHarness.RESPONDER, "{}");
        UiClient ui = new UiClient(service);
        ui.login(ServiceHarness.RESPONDER, "/");

        var page = ui.get("/incidents/" + id + "/postmortem");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("No post-mortem yet.").contains("Draft from the incident");
        String csrf = UiClient.csrf(page.body());
        assertThat(ui.post("/incidents/" + id + "/postmortem/create", Map.of("title", "")).status()).isEqualTo(403);
        assertThat(ui.post("/incidents/" + id + "/postmortem/create", Map.of("csrf", csrf, "title", "")).status()).isEqualTo(303);

        page = ui.get("/incidents/" + id + "/postmortem");
        assertThat(page.body()).contains("id=\"pm-state\" class=\"state state-DRAFT\">DRAFT</strong>")
                .contains("<table>").contains("Incident ID")
                .doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;")
                .doesNotContain("<b>down</b>");
        var bad = ui.post("/incidents/" + id + "/postmortem/action", Map.of("csrf", csrf, "description", "Fix", "priority", "P1",
                "owner", "mallory", "due", "2026-12-05"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Not saved: owner: unknown owner").contains("mallory");
        assertThat(ui.post("/incidents/" + id + "/postmortem/action", Map.of("csrf", csrf, "description", "Alert on pool saturation",
                "priority", "P0", "owner", "carol", "due", "2026-12-05")).status()).isEqualTo(303);
        assertThat(ui.post("/incidents/" + id + "/postmortem/close", Map.of("csrf", csrf, "number", "1")).status()).isEqualTo(303);
        page = ui.get("/incidents/" + id + "/postmortem");
        // the rendered document's action-items table shows the closed item
        assertThat(page.body()).contains("Re-open").containsPattern("<td>Alert on pool saturation</td>\\s*<td>carol</td>\\s*<td>2026-12-05</td>\\s*<td>DONE</td>");
        assertThat(ui.post("/incidents/" + id + "/postmortem/publish", Map.of("csrf", csrf)).status()).isEqualTo(303);
        assertThat(ui.get("/incidents/" + id + "/postmortem").body()).contains(">PUBLISHED</strong>");
        assertThat(ui.get("/postmortems").body()).contains(id).contains("PUBLISHED");

        // the incident page's public-update form
        String other = open("Checkout slow");
        var incidentPage = ui.get("/incidents/" + other);
        assertThat(incidentPage.body()).contains("id=\"public-update-form\"").contains("/incidents/" + other + "/postmortem");
        assertThat(ui.post("/incidents/" + other + "/update", Map.of("csrf", csrf, "text", "Checkout is slow; we are on it.")).status())
                .isEqualTo(303);
        assertThat(json(service.get("/api/v1/incidents/" + other, ServiceHarness.VIEWER)).path("public_summary").asText())
                .isEqualTo("Checkout is slow; we are on it.");
        assertThat(ui.get("/reports").body()).contains("id=\"chart-incidents-per-month\"").contains("KPIs (the seed");
    }
}
