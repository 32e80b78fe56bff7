package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.engine.PrometheusSource;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.testing.Eventually;
import io.firebreak.server.testing.ServiceHarness;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A secret in every place the configuration has one, then every command and service path that
 * prints something derived from it, run against receivers and a Prometheus that refuse: no output,
 * error, log line or API answer may contain any of them. Every planted value starts with
 * {@code PLANTED}, so even a fragment of one is caught.
 */
class PlantedSecretsTest {
    static final String MARK = "PLANTED";
    static final String PROM_URL_PASSWORD = "PLANTED-prom-url-pw";
    static final String PROM_PASSWORD = "PLANTED-prom-field-pw";
    static final String PROM_BEARER = "PLANTED-prom-bearer";
    static final String STORAGE_PASSWORD = "PLANTED-storage-pw";
    static final String STORAGE_URL_PASSWORD = "PLANTED-storage-url-pw";
    static final String API_TOKEN = "PLANTED-api-token-0123456789";
    static final String SLACK_TOKEN = "PLANTED-slack-path-token";
    static final String PAGERDUTY_KEY = "PLANTED-pd-routing-key";
    static final String SMTP_PASSWORD = "PLANTED-smtp-pw";
    static final String HOOK_URL_TOKEN = "PLANTED-hook-url-token";
    static final String HOOK_HMAC = "PLANTED-hook-hmac";
    static final String HOOK_HEADER = "PLANTED-hook-header";
    static final String STATUSPAGE_KEY = "PLANTED-statuspage-key";

    @TempDir
    Path dir;

    /** Everything printed or logged during the test, whoever printed it. */
    final List<String> seen = new ArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalOut;
    PrintStream originalErr;
    Level originalLevel;

    StubHttpServer refusingPrometheus;
    StubHttpServer failingReceiver;
    int closedPort;

    @BeforeEach
    void capture() throws Exception {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        originalLevel = root.getLevel();
        root.setLevel(Level.INFO);   // more than the WARN default: an INFO line must not leak either
        logs.start();
        root.addAppender(logs);
        refusingPrometheus = new StubHttpServer(r -> Response.text(401, "text/plain", "Unauthorized"));
        failingReceiver = new StubHttpServer(r -> Response.text(500, "text/plain", "receiver is broken"));
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void restore() {
        refusingPrometheus.close();
        failingReceiver.close();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(originalLevel);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** The channels, API token and storage of every config below: each holds a planted secret. */
    String channelsAndApi() {
        String receiver = failingReceiver.url();
        return """
                storage:
                  url: jdbc:sqlite:./data/fb.db
                  username: fb
                  password: %s
                rule_files: [rules.yml]
                api:
                  tokens:
                    - {name: root, token: %s, role: admin}
                channels:
                  - {name: slack, type: slack, url: "%s/services/T0/B0/%s"}
                  - {name: pagerduty, type: pagerduty, routing_key: %s, url: "%s/v2/enqueue"}
                  - {name: mail, type: email, from: fb@example.com, to: [ops@example.com],
                     smtp: {host: 127.0.0.1, port: %d, tls: none, username: fb, password: %s}}
                  - {name: hooks, type: webhook, url: "%s/hook?token=%s", secret: %s, headers: {Authorization: "Bearer %s", X-Team: sre}}
                  - {name: status, type: statuspage, page_id: abc, api_key: %s, url: "%s"}
                routes:
                  - {channels: [slack, pagerduty, mail, hooks, status]}
                services:
                  - {name: agente-api, tier: 1, public: true}
                """.formatted(STORAGE_PASSWORD, API_TOKEN, receiver, SLACK_TOKEN, PAGERDUTY_KEY, receiver, closedPort, SMTP_PASSWORD,
                receiver, HOOK_URL_TOKEN, HOOK_HMAC, HOOK_HEADER, STATUSPAGE_KEY, receiver);
    }

    String withUrlCredentials() {
        return channelsAndApi() + "prometheus:\n  timeout: 2s\n  urls:\n    - " + refusingPrometheus.url().replace("://", "://scraper:" + PROM_URL_PASSWORD + "@")
                + "\n    - http://scraper:" + PROM_URL_PASSWORD + "@127.0.0.1:" + closedPort + "\n";
    }

    String withPasswordField() {
        return channelsAndApi() + "prometheus: {urls: ['" + refusingPrometheus.url() + "'], timeout: 2s, username: scraper, password: "
                + PROM_PASSWORD + "}\n";
    }

    String withBearerToken() {
        return channelsAndApi() + "prometheus: {urls: ['" + refusingPrometheus.url() + "'], timeout: 2s, bearer_token: " + PROM_BEARER + "}\n";
    }

    CliRunner.Result run(CliRunner cli, String... args) {
        CliRunner.Result result = cli.run(args);
        // The command line itself is left out: it holds planted values on purpose (--prometheus URL).
        seen.add("$ firebreak " + args[0] + " " + args[1] + " -> " + result.code() + "\n" + result.out() + result.err());
        return result;
    }

    @Test
    void noCommandPrintsAPlantedSecret() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                rules:
                  - {name: api_down, query: up, comparison: "<", threshold: 1, severity: CRITICAL, service: agente-api}
                """);
        Files.writeString(dir.resolve("url.yml"), withUrlCredentials());
        Files.writeString(dir.resolve("field.yml"), withPasswordField());
        Files.writeString(dir.resolve("bearer.yml"), withBearerToken());
        Files.writeString(dir.resolve("invalid.yml"), withUrlCredentials()
                .replace("urls:\n", "urls:\n    - htp://scraper:" + PROM_URL_PASSWORD + "@prometheus.example.com\n")
                .replace("X-Team: sre", "X-Team: sre, Host: " + HOOK_HEADER)
                + "server: {external_url: 'https://firebreak.example.com/a b?token=" + HOOK_URL_TOKEN + "'}\n");
        Files.writeString(dir.resolve("postgres.yml"), channelsAndApi().replace("jdbc:sqlite:./data/fb.db",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/fb?password=" + STORAGE_URL_PASSWORD));
        var cli = new CliRunner(dir, Instant.parse("2026-11-28T03:00:00Z"));

        var invalid = run(cli, "config", "check", "-c", "invalid.yml");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.err()).contains("prometheus.urls[0]: not an http(s) URL 'htp://scraper:<secret>@prometheus.example.com'")
                .contains("channels[3].headers.Host: set by the HTTP client itself")
                .contains("server.external_url: not a valid URL 'https://firebreak.example.com/a b?token=<secret>'");
        for (String config : List.of("url.yml", "field.yml", "bearer.yml", "postgres.yml")) {
            assertThat(run(cli, "config", "check", "-c", config).code()).as(config).isZero();
        }

        var rules = run(cli, "rules", "check", "-c", "field.yml", "--prometheus",
                refusingPrometheus.url().replace("://", "://scraper:" + PROM_URL_PASSWORD + "@"));
        assertThat(rules.code()).isEqualTo(3);
        assertThat(rules.err()).contains("scraper:<secret>@").contains("HTTP 401: Prometheus refused the credentials sent");

        for (String config : List.of("url.yml", "field.yml", "bearer.yml")) {
            var detect = run(cli, "detect", "--once", "-c", config);
            assertThat(detect.code()).as(config + ": " + detect.err()).isEqualTo(3);
            assertThat(detect.err()).contains("rule api_down unhealthy: ").contains("HTTP 401: Prometheus refused the credentials sent")
                    .contains("no Prometheus answered");
        }
        assertThat(refusingPrometheus.requests()).extracting(r -> r.headers().get("Authorization").get(0))
                .anySatisfy(header -> assertThat(header).startsWith("Basic "))
                .anySatisfy(header -> assertThat(header).isEqualTo("Bearer " + PROM_BEARER));

        for (String channel : List.of("slack", "pagerduty", "mail", "hooks", "status")) {
            var test = run(cli, "notify", "test", channel, "-c", "field.yml");
            assertThat(test.code()).as(channel + ": " + test.out() + test.err()).isEqualTo(1);
        }
        assertThat(failingReceiver.requests()).hasSizeGreaterThanOrEqualTo(4);

        var unreachableStore = run(cli, "incident", "list", "-c", "postgres.yml");
        assertThat(unreachableStore.code()).isEqualTo(3);
        assertThat(unreachableStore.err()).contains("password=<secret>");

        assertNothingLeaked();
    }

    @Test
    void theServiceNeitherLogsNorAnswersAPlantedSecret() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                rules:
                  - {name: api_down, query: up, comparison: "<", threshold: 1, severity: CRITICAL, service: agente-api}
                """);
        String yaml = withPasswordField();
        Files.writeString(dir.resolve("firebreak.yml"), yaml);
        var loaded = ((ConfigLoader.Result.Loaded) new ConfigLoader(name -> null, dir).load(Optional.of(dir.resolve("firebreak.yml")))).config();
        var environment = new Environment(name -> null, dir, new io.firebreak.server.testing.MutableClock(Instant.parse("2026-11-29T10:00:00Z")));
        List<Rule> rules = RuleSupport.fromConfig(loaded, environment);
        List<String> urls = List.of(refusingPrometheus.url(), "http://scraper:" + PROM_URL_PASSWORD + "@127.0.0.1:" + closedPort);
        Optional<MetricSource> source = Optional.of(new PrometheusSource(PrometheusClient.forConfig(loaded, urls)));
        Path serviceDir = Files.createTempDirectory(dir, "service");
        Files.copy(dir.resolve("rules.yml"), serviceDir.resolve("rules.yml"));
        var storage = new StorageConfig("jdbc:sqlite:" + serviceDir.resolve("firebreak.db"), "fb", new Secret(STORAGE_PASSWORD), null);

        try (var service = ServiceHarness.start(serviceDir, storage, yaml, rules, source, Instant.parse("2026-11-29T10:00:00Z"))) {
            seen.add(service.service().config().toString());
            seen.add(String.valueOf(service.service().config().config()));
            seen.add(source.get().toString());

            var health = Eventually.await(Duration.ofSeconds(20), "a failed evaluation", () -> {
                var reply = service.get("/api/v1/rules", API_TOKEN);
                return reply.body().contains("\"health\":\"error\"") ? Optional.of(reply.body()) : Optional.empty();
            }, () -> service.get("/api/v1/rules", API_TOKEN).body());
            seen.add(health);
            assertThat(health).contains("HTTP 401: Prometheus refused the credentials sent").contains("scraper:<secret>@");

            var alert = service.post("/api/v1/alerts", API_TOKEN,
                    "{\"summary\": \"checkout down\", \"severity\": \"CRITICAL\", \"service\": \"agente-api\"}");
            seen.add(alert.body());
            assertThat(alert.status()).isBetween(200, 299);
            String failed = Eventually.await(Duration.ofSeconds(30), "a failed delivery on every channel", () -> {
                String body = service.get("/api/v1/notifications?failed=true", API_TOKEN).body();
                boolean all = List.of("slack", "pagerduty", "mail", "hooks", "status").stream().allMatch(c -> body.contains("\"" + c + "\""));
                return all ? Optional.of(body) : Optional.empty();
            }, () -> service.get("/api/v1/notifications", API_TOKEN).body());
            seen.add(failed);

            for (String path : List.of("/api/v1/incidents", "/api/v1/notifications", "/metrics", "/health/ready", "/api/v2/status", "/")) {
                seen.add(path + " " + service.get(path, API_TOKEN).body());
            }
            var refused = service.get("/api/v1/incidents", "a-wrong-token-0123456789");
            seen.add(refused.body());
            assertThat(refused.status()).isEqualTo(401);
            seen.add(service.console());
        }
        assertThat(logs.list).as("the service's log lines were captured").isNotEmpty();
        assertNothingLeaked();
    }

    private void assertNothingLeaked() {
        System.out.flush();
        System.err.flush();
        List<String> everything = new ArrayList<>(seen);
        everything.add("stdout: " + stdout.toString(StandardCharsets.UTF_8));
        everything.add("stderr: " + stderr.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent event : logs.list) {
            everything.add("log " + event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        Pattern planted = Pattern.compile(MARK + "[\\w-]*");
        List<String> leaks = everything.stream().filter(text -> planted.matcher(text).find()).toList();
        assertThat(leaks).as("output, errors and logs that contain a planted secret").isEmpty();
        assertThat(String.join("\n", everything)).as("something was printed at all").contains("<secret>");
    }
}
