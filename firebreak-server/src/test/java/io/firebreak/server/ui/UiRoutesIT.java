package io.firebreak.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.ServiceHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web UI over real HTTP against a running service on SQLite, without a browser. */
class UiRoutesIT {
    private static ServiceHarness harness;
    private static Path outside;

    @BeforeAll
    static void start() throws IOException {
        harness = ServiceHarness.sqlite("");
        outside = Files.createTempDirectory("firebreak-outside");
    }

    @AfterAll
    static void stop() throws IOException {
        harness.close();
        try (var files = Files.walk(outside)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void loginWithGoodTokenSetsStrictHttpOnlyCookieAndReturnsToNext() {
        UiClient client = new UiClient(harness);
        ServiceHarness.Reply reply = client.login(ServiceHarness.RESPONDER, "/rules");

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).contains("/rules");
        String session = UiClient.setCookies(reply).stream().filter(c -> c.startsWith(UiAccess.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .doesNotContainIgnoringCase("Secure;").doesNotEndWith("Secure");
        ServiceHarness.Reply page = client.get("/rules");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("alice").contains("(responder)").contains("<meta name=\"viewport\"");
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void wrongTokenShowsTheFormAgainWith401AndNoSession() {
        UiClient client = new UiClient(harness);
        ServiceHarness.Reply reply = client.login("not-a-token", "/");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("That token is not valid").contains("name=\"token\"");
        assertThat(client.cookie(UiAccess.COOKIE)).isNull();
        assertThat(client.get("/").status()).isEqualTo(303);
    }

    @Test
    void loginWithoutTheFormTokenIsRefused() {
        UiClient client = new UiClient(harness);
        ServiceHarness.Reply reply = client.post("/login", Map.of("token", ServiceHarness.ADMIN, "next", "/"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(client.cookie(UiAccess.COOKIE)).isNull();
    }

    @Test
    void pagesWithoutSessionRedirectToLoginAndOnlyToLocalPathsAfterwards() {
        UiClient client = new UiClient(harness);
        ServiceHarness.Reply reply = client.get("/incidents/INC-20261129-999?tab=x");
        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).contains("/login?next=%2Fincidents%2FINC-20261129-999%3Ftab%3Dx");

        for (String next : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"}) {
            client.dropCookies();
            ServiceHarness.Reply login = client.login(ServiceHarness.VIEWER, next);
            assertThat(login.status()).as(next).isEqualTo(303);
            assertThat(login.header("Location")).as(next).contains("/").hasValueSatisfying(l -> assertThat(l).doesNotContain("evil"));
        }

        ServiceHarness.Reply poll = new UiClient(harness).get("/ui/fragments/incidents", Map.of("HX-Request", "true",
                "HX-Current-URL", harness.url("/")));
        assertThat(poll.status()).isEqualTo(401);
        assertThat(poll.header("HX-Redirect")).contains("/login");
    }

    @Test
    void postWithoutTheRightCsrfTokenIs403AndChangesNothing() {
        Incident incident = UiFixtures.openIncident(harness, "CsrfProbe", Map.of("summary", "csrf probe"), "");
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.RESPONDER, "/");
        String csrf = UiClient.csrf(client.get("/incidents/" + incident.id()).body());
        int events = harness.service().incidents().timeline(incident.id()).size();

        ServiceHarness.Reply without = client.post("/incidents/" + incident.id() + "/acknowledge", Map.of());
        ServiceHarness.Reply wrong = client.post("/incidents/" + incident.id() + "/acknowledge", Map.of("csrf", "0".repeat(64)));
        ServiceHarness.Reply note = client.post("/incidents/" + incident.id() + "/note", Map.of("text", "sneaky"));

        assertThat(without.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(note.status()).isEqualTo(403);
        assertThat(without.body()).contains("security token");
        assertThat(harness.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(harness.service().incidents().timeline(incident.id())).hasSize(events);

        ServiceHarness.Reply right = client.post("/incidents/" + incident.id() + "/acknowledge", Map.of("csrf", csrf));
        assertThat(right.status()).isEqualTo(303);
        assertThat(harness.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(harness.service().incidents().timeline(incident.id()).getLast().actor()).isEqualTo("alice");
    }

    @Test
    void viewerCannotAcknowledge() {
        Incident incident = UiFixtures.openIncident(harness, "ViewerProbe", Map.of("summary", "viewer probe"), "");
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.VIEWER, "/");
        ServiceHarness.Reply page = client.get("/incidents/" + incident.id());
        assertThat(page.body()).doesNotContain("id=\"acknowledge\"").contains("You are a viewer");

        ServiceHarness.Reply reply = client.post("/incidents/" + incident.id() + "/acknowledge", Map.of("csrf", UiClient.csrf(page.body())));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("a viewer");
        assertThat(harness.service().incidents().find(incident.id()).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void rejectedChangeShowsTheReason() {
        Incident incident = UiFixtures.openIncident(harness, "RejectProbe", Map.of("summary", "reject probe"), "");
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.ADMIN, "/");
        String csrf = UiClient.csrf(client.get("/incidents/" + incident.id()).body());

        ServiceHarness.Reply reply = client.post("/incidents/" + incident.id() + "/severity",
                Map.of("csrf", csrf, "severity", "SEV1", "reason", "same"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("Not changed: the incident is already SEV1");
    }

    @Test
    void runbookInsideTheConfigDirectoryIsRenderedEscapedAndTraversalIsNot() throws IOException {
        Files.createDirectories(harness.dir().resolve("runbooks"));
        Files.writeString(harness.dir().resolve("runbooks/checkout.md"), "# Restart checkout\n\n<b>raw html</b>\n\n[bad](javascript:alert(1))\n");
        Files.writeString(outside.resolve("secret.md"), "# TOP-SECRET-OUTSIDE\n");
        Files.createSymbolicLink(harness.dir().resolve("runbooks/linked.md"), outside.resolve("secret.md"));
        String traversal = "../" + outside.getFileName() + "/secret.md";
        assertThat(harness.dir().resolve(traversal).normalize()).exists();

        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.VIEWER, "/");
        String good = client.get("/incidents/" + UiFixtures.openIncident(harness, "RunbookGood",
                Map.of("runbook", "runbooks/checkout.md"), "").id()).body();
        String escaped = client.get("/incidents/" + UiFixtures.openIncident(harness, "RunbookTraversal",
                Map.of("runbook", traversal), "").id()).body();
        String linked = client.get("/incidents/" + UiFixtures.openIncident(harness, "RunbookSymlink",
                Map.of("runbook", "runbooks/linked.md"), "").id()).body();
        String url = client.get("/incidents/" + UiFixtures.openIncident(harness, "RunbookUrl",
                Map.of("runbook_url", "https://wiki.example.com/rb?a=1&b=2"), "").id()).body();

        assertThat(good).contains("<h1>Restart checkout</h1>").contains("&lt;b&gt;raw html&lt;/b&gt;").doesNotContain("<b>raw html")
                .doesNotContain("href=\"javascript:");
        assertThat(escaped).doesNotContain("TOP-SECRET-OUTSIDE").contains(traversal.replace("/", "/"));
        assertThat(linked).doesNotContain("TOP-SECRET-OUTSIDE").contains("runbooks/linked.md");
        assertThat(url).contains("href=\"https://wiki.example.com/rb?a&#61;1&amp;b&#61;2\"");
    }

    @Test
    void annotationsAndLinksFromAlertsAreEscaped() {
        Incident incident = UiFixtures.openIncident(harness, "XssProbe",
                Map.of("summary", "xss probe", "description", "<script>alert(1)</script>"), "javascript:alert(2)");
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.RESPONDER, "/");

        String page = client.get("/incidents/" + incident.id()).body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .doesNotContain("href=\"javascript:").contains("javascript:alert(2)");
        assertThat(client.get("/").body()).contains("xss probe");
    }

    @Test
    void silencesCanBeCreatedAndExpiredAndBadMatchersAreExplained() {
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.RESPONDER, "/");
        String csrf = UiClient.csrf(client.get("/silences").body());

        ServiceHarness.Reply bad = client.post("/silences", Map.of("csrf", csrf, "matchers", "service=~\"(\"", "duration", "1h",
                "comment", "maintenance"));
        ServiceHarness.Reply created = client.post("/silences", Map.of("csrf", csrf, "matchers", "service=\"checkout\"\n",
                "duration", "1h", "comment", "planned <maintenance>"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Not created");
        assertThat(created.status()).isEqualTo(303);
        var silence = harness.service().silences().list(harness.clock().instant(), false).getFirst();
        assertThat(silence.author()).isEqualTo("alice");
        assertThat(client.get("/silences").body()).contains(silence.id()).contains("planned &lt;maintenance&gt;");

        assertThat(client.post("/silences/" + silence.id() + "/expire", Map.of()).status()).isEqualTo(403);
        assertThat(client.post("/silences/" + silence.id() + "/expire", Map.of("csrf", csrf)).status()).isEqualTo(303);
        assertThat(harness.service().silences().list(harness.clock().instant(), false)).isEmpty();
    }

    @Test
    void incidentListAndFragmentShowOpenIncidentsWithSeverity() {
        Incident incident = UiFixtures.openIncident(harness, "ListProbe", Map.of("summary", "list probe"), "");
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.VIEWER, "/");

        String page = client.get("/").body();
        ServiceHarness.Reply fragment = client.get("/ui/fragments/incidents", Map.of("HX-Request", "true"));

        assertThat(page).contains("hx-get=\"/ui/fragments/incidents\"").contains("every 10s")
                .contains("/webjars/htmx.org/2.0.10/dist/htmx.min.js").contains("hx-headers=");
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).contains("href=\"/incidents/" + incident.id() + "\"").contains("badge sev1").contains("list probe")
                .doesNotContain("<html");
        assertThat(client.get("/notifications").status()).isEqualTo(200);
        assertThat(client.get(UiPages.HTMX).status()).isEqualTo(200);
        assertThat(client.get(UiPages.CSS).header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void logoutEndsTheSession() {
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.VIEWER, "/");
        String session = client.cookie(UiAccess.COOKIE);
        String csrf = UiClient.csrf(client.get("/").body());

        assertThat(client.post("/logout", Map.of("csrf", csrf)).status()).isEqualTo(303);

        assertThat(harness.service().sessions().find(session, harness.clock().instant())).isEmpty();
    }

    @Test
    void withoutConfiguredTokensEveryoneIsAnonymousButPostsStillNeedTheCsrfToken() throws IOException {
        try (ServiceHarness open = ServiceHarness.sqlite("api: {tokens: []}\n")) {
            Incident incident = UiFixtures.openIncident(open, "AnonymousProbe", Map.of("summary", "anonymous probe"), "");
            UiClient client = new UiClient(open);

            ServiceHarness.Reply page = client.get("/incidents/" + incident.id());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("anonymous");
            assertThat(client.cookie(UiAccess.COOKIE)).isNotNull();
            assertThat(client.get("/login").status()).isEqualTo(303);

            assertThat(client.post("/incidents/" + incident.id() + "/acknowledge", Map.of()).status()).isEqualTo(403);
            assertThat(client.post("/incidents/" + incident.id() + "/acknowledge", Map.of("csrf", UiClient.csrf(page.body()))).status())
                    .isEqualTo(303);
            assertThat(open.service().incidents().timeline(incident.id()).getLast().actor()).isEqualTo("anonymous");
        }
    }

    @Test
    void sessionsEndWhenTheirTokenIsNoLongerConfiguredWithTheSameRole() throws IOException {
        UiClient client = new UiClient(harness);
        client.login(ServiceHarness.RESPONDER, "/");
        String session = client.cookie(UiAccess.COOKIE);
        assertThat(client.get("/").status()).isEqualTo(200);

        // The same store, restarted with alice demoted to viewer.
        var storage = new StorageConfig("jdbc:sqlite:" + harness.dir().resolve("firebreak.db"), null, null, null);
        String demoted = "api:\n  tokens:\n    - {name: alice, token: \"" + ServiceHarness.RESPONDER + "\", role: viewer}\n";
        try (ServiceHarness restarted = ServiceHarness.start(Files.createTempDirectory("firebreak-restarted"), storage, demoted,
                List.of(), Optional.empty(), harness.clock().instant())) {
            UiClient again = new UiClient(restarted);
            again.setCookie(UiAccess.COOKIE, session);
            assertThat(again.get("/").status()).isEqualTo(303);
        }
    }
}
