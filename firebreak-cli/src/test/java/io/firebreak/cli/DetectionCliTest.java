package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect, rules status, simulate and demo from the terminal, against stub Prometheus and webhook servers. */
class DetectionCliTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    static String vector(double value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"instance\":\"db:9187\"},\"value\":[1,\""
                + value + "\"]}]}}";
    }

    @Test
    void detectOnceOpensIncidentsPostsWebhooksAndKeepsStateBetweenRuns() throws Exception {
        Map<String, Response> answers = new ConcurrentHashMap<>();
        try (var prometheus = new StubHttpServer(request -> answers.getOrDefault(request.form("query"),
                     Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")));
             var hook = new StubHttpServer(request -> Response.json(200, "{}"))) {
            Files.writeString(dir.resolve("rules.yml"), """
                    rules:
                      - {name: database_down, query: pg_up, comparison: "<", threshold: 1, duration: 60s, severity: CRITICAL,
                         service: agente-api, summary: "PostgreSQL down on {{labels.instance}}"}
                      - {name: broken, query: broken_metric, comparison: ">", threshold: 1, severity: LOW}
                    """);
            Files.writeString(dir.resolve("firebreak.yml"), "rule_files: [rules.yml]\nprometheus: {urls: ['" + prometheus.url() + "'], timeout: 1s}\n");
            answers.put("pg_up", Response.json(200, vector(0)));
            answers.put("broken_metric", Response.text(200, "text/html", "<html>login</html>"));
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));

            var first = cli.run("detect", "--once", "--webhook-url", hook.url() + "/hook");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).isEqualTo("Checked 2 rules, 0 incidents detected\n");
            assertThat(first.err()).contains("rule broken unhealthy: bad response: HTTP 200, not Prometheus JSON (<html>login</html>)");

            cli.clock.advance(Duration.ofSeconds(60));
            var second = cli.run("detect", "--once", "--webhook-url", hook.url() + "/hook");
            assertThat(second.out()).startsWith("Checked 2 rules, 1 incidents detected\n")
                    .contains("OPENED   INC-20261128-001  SEV1  PostgreSQL down on db:9187  (time to detect 1m)");

            assertThat(hook.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/hook");
                assertThat(request.headers().get("Content-type")).containsExactly("application/json");
                assertThat(request.headers().get("Idempotency-key")).containsExactly("INC-20261128-001:1:detect-webhook");
                assertThat(request.headers()).doesNotContainKey("X-firebreak-signature");
                JsonNode body = new ObjectMapper().readTree(request.body());
                assertThat(body.get("event").asText()).isEqualTo("opened");
                assertThat(body.at("/incident/id").asText()).isEqualTo("INC-20261128-001");
                assertThat(body.at("/incident/severity").asText()).isEqualTo("CRITICAL");
                assertThat(body.at("/timeline_entry/type").asText()).isEqualTo("opened");
            });

            var status = cli.run("rules", "status");
            assertThat(status.code()).isEqualTo(1);
            assertThat(status.out()).contains("database_down  ok").contains("broken         error");

            answers.put("pg_up", Response.json(200, vector(1)));
            cli.clock.advance(Duration.ofSeconds(30));
            var third = cli.run("detect", "--once", "--webhook-url", hook.url() + "/hook");
            assertThat(third.out()).contains("RESOLVED INC-20261128-001");
            assertThat(hook.requests()).hasSize(2);
        }
    }

    @Test
    void detectWebhookGoesThroughTheOutboxWithRetriesAndAnOptionalSignature() throws Exception {
        AtomicBoolean hookUp = new AtomicBoolean(false);
        try (var prometheus = new StubHttpServer(request -> Response.json(200, vector(0)));
             var hook = new StubHttpServer(request -> hookUp.get() ? Response.json(200, "{}") : Response.text(503, "text/plain", "down"))) {
            Files.writeString(dir.resolve("rules.yml"), """
                    rules:
                      - {name: database_down, query: pg_up, comparison: "<", threshold: 1, severity: CRITICAL, service: agente-api,
                         summary: "PostgreSQL down"}
                    """);
            Files.writeString(dir.resolve("firebreak.yml"), "rule_files: [rules.yml]\nprometheus: {urls: ['" + prometheus.url() + "']}\n");
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            cli.env.put("HOOK_SECRET", "s3cret-for-hmac");
            String[] detect = {"detect", "--once", "--webhook-url", hook.url() + "/hook", "--webhook-secret-env", "HOOK_SECRET"};

            var first = cli.run(detect);
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("OPENED   INC-20261128-001");
            assertThat(first.err()).contains("1 notification(s) not delivered yet").doesNotContain("s3cret");
            assertThat(hook.requests()).hasSize(1);
            var queued = cli.run("notifications", "list");
            assertThat(queued.out()).contains("INC-20261128-001:1:detect-webhook").contains("pending").contains("HTTP 503: down");

            var ack = cli.run("incident", "ack", "INC-20261128-001");       // a command that delivers, without the channel
            assertThat(ack.code()).as(ack.err()).isZero();
            assertThat(cli.run("notifications", "list").out()).contains("pending");

            hookUp.set(true);
            cli.clock.advance(Duration.ofSeconds(30));
            var second = cli.run(detect);
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.err()).doesNotContain("not delivered yet");
            assertThat(hook.requests()).hasSize(2);
            var retried = hook.requests().get(1);
            assertThat(retried.headers().get("Idempotency-key")).containsExactly("INC-20261128-001:1:detect-webhook");
            assertThat(retried.headers().get("X-firebreak-signature"))
                    .containsExactly(io.firebreak.server.channel.webhook.WebhookNotifier.sign("s3cret-for-hmac", retried.body()));
            assertThat(cli.run("notifications", "list").out()).contains("delivered").doesNotContain("pending");

            assertThat(cli.run("detect", "--once", "--webhook-secret-env", "HOOK_SECRET").code()).isEqualTo(2);
            cli.env.remove("HOOK_SECRET");
            var unset = cli.run(detect);
            assertThat(unset.code()).isEqualTo(2);
            assertThat(unset.err()).contains("environment variable HOOK_SECRET is not set");
        }
    }

    @Test
    void detectOnceExitsThreeWhenNoPrometheusAnswers() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("rules.yml"), "rules:\n  - {name: x, query: up, comparison: \"<\", threshold: 1, severity: LOW}\n");
        Files.writeString(dir.resolve("firebreak.yml"), "rule_files: [rules.yml]\n");
        var result = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"))
                .run("detect", "--once", "--prometheus", "http://127.0.0.1:" + port);
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("rule x unhealthy: unreachable: connection refused")
                .contains("no Prometheus answered: http://127.0.0.1:" + port);
    }

    @Test
    void everyShippedScenarioRunsAsItExpects() {
        var cli = new CliRunner(REPO, Instant.parse("2026-11-28T03:00:00Z"));
        var list = cli.run("simulate", "--list");
        assertThat(list.code()).isZero();
        for (String scenario : List.of("database-down", "high-latency", "high-error-rate", "circuit-breaker-open", "agente-api")) {
            assertThat(list.out()).contains(scenario);
            var run = cli.run("simulate", scenario);
            assertThat(run.code()).as(scenario + ": " + run.err()).isZero();
            assertThat(run.out()).contains("As the scenario expects").contains("TIME TO DETECT");
        }
        var databaseDown = cli.run("simulate", "database-down");
        assertThat(databaseDown.out()).contains("+3m      OPENED   INC-20261128-001  SEV1")
                .containsPattern("INC-20261128-001  SEV1  RESOLVED  1m +4m");
        assertThat(cli.run("simulate", "nope").err()).contains("no scenario 'nope' (firebreak simulate --list shows them)");
    }

    @Test
    void demoOpensAndResolvesIncidents() {
        var cli = new CliRunner(REPO, Instant.parse("2026-11-28T03:00:00Z"));
        var demo = cli.run("demo", "--port", "0", "--speed", "100", "--duration", "13s");
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("Open      http://127.0.0.1:").containsPattern("Token     demo-[0-9a-f]{32}")
                .contains("OPENED").contains("REOPENED").contains("RESOLVED").contains("demo stopped");
    }

    @Test
    void detectOnceOnAStandbySaysSoAndExitsZeroAndClusterStatusShowsTheLeader() throws Exception {
        try (var prometheus = new StubHttpServer(request -> Response.json(200, vector(0)))) {
            Files.writeString(dir.resolve("rules.yml"), """
                    rules:
                      - {name: database_down, query: pg_up, comparison: "<", threshold: 1, duration: 60s, severity: CRITICAL}
                    """);
            Files.writeString(dir.resolve("firebreak.yml"), "rule_files: [rules.yml]\nprometheus: {urls: ['" + prometheus.url() + "']}\n");
            var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));
            assertThat(cli.run("incident", "list").code()).isZero();   // creates the store
            var storage = new io.firebreak.server.config.StorageConfig("jdbc:sqlite:" + dir.resolve("data/firebreak.db"), null, null, null);
            try (var database = io.firebreak.server.store.Database.open(storage)) {
                var leases = new io.firebreak.server.store.Leases(database);
                leases.acquire("detection", "other-host:4242:abc", Instant.parse("2026-11-28T03:00:00Z"), Duration.ofSeconds(15));
                leases.heartbeat(new io.firebreak.server.store.Leases.InstanceRow("other-host:4242:abc", "other-host", 4242, "run",
                        "development", Instant.parse("2026-11-28T02:00:00Z"), Instant.EPOCH), Instant.parse("2026-11-28T03:00:00Z"));
            }
            var once = cli.run("detect", "--once");
            assertThat(once.code()).as(once.err()).isZero();
            assertThat(once.out()).contains("Standing by: other-host:4242:abc evaluates the rules on this store");
            assertThat(prometheus.requests()).isEmpty();

            var status = cli.run("cluster", "status");
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("other-host:4242:abc").contains("run").contains("detection")
                    .containsPattern("detection\\s+other-host:4242:abc\\s+1\\s+in 15s");

            cli.clock.advance(Duration.ofSeconds(20));                    // the other's lease ran out: this one evaluates
            var taken = cli.run("detect", "--once");
            assertThat(taken.out()).startsWith("Checked 1 rules");
            assertThat(prometheus.requests()).hasSize(1);
        }
    }
}
