package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.oncall.OnCallApiIT;
import io.firebreak.server.testing.ServiceHarness;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /oncall page: who is on, the coming shifts, and overrides added and removed through CSRF-protected forms. */
class OnCallPagesIT {
    static ServiceHarness service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceHarness.sqlite(OnCallApiIT.YAML);
        service.clock().set(Instant.parse("2026-11-04T10:00:00Z"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void overridesAreAddedAndRemovedFromThePage() {
        UiClient client = new UiClient(service);
        client.login(ServiceHarness.RESPONDER, "/oncall");
        var page = client.get("/oncall");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h2>primary <small>Europe/Madrid</small></h2>").contains("Now: <strong>alice</strong>")
                .contains("next handoff Mon 2026-11-09 09:00").contains("No overrides in force or planned.");
        String csrf = UiClient.csrf(page.body());
        Map<String, String> form = Map.of("schedule", "primary", "kind", "replace", "person", "dave", "replaces", "alice",
                "from", "2026-11-04T12:00", "to", "2026-11-05T09:00");

        var forged = client.post("/oncall/overrides", form);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(service.service().onCall().store().overrides(java.util.Optional.empty(), Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();

        var bad = client.post("/oncall/overrides", Map.of("csrf", csrf, "schedule", "primary", "kind", "add", "person", "<b>zed</b>",
                "from", "2026-11-04T12:00", "to", "2026-11-05T09:00"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Not added: person: unknown person &#39;&lt;b&gt;zed&lt;/b&gt;&#39;").doesNotContain("<b>zed</b>");

        var withToken = new java.util.HashMap<>(form);
        withToken.put("csrf", csrf);
        assertThat(client.post("/oncall/overrides", withToken).status()).isEqualTo(303);
        var after = client.get("/oncall").body();
        assertThat(after).contains("primary: dave instead of alice").contains("dave <span class=\"state state-pending\">override</span>");
        String id = after.replaceAll("(?s).*<strong>(OVR-[0-9a-f]{8})</strong>.*", "$1");

        var again = client.post("/oncall/overrides", withToken);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("Not added: overlaps override " + id);

        assertThat(client.post("/oncall/overrides/" + id + "/remove", Map.of("csrf", csrf)).status()).isEqualTo(303);
        assertThat(client.get("/oncall").body()).contains("No overrides in force or planned.");

        UiClient viewer = new UiClient(service);
        viewer.login(ServiceHarness.VIEWER, "/oncall");
        assertThat(viewer.get("/oncall").body()).contains("Now: <strong>alice</strong>").doesNotContain("New override");
    }
}
