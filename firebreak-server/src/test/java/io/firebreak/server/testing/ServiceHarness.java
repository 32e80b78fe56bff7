package io.firebreak.server.testing;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.Service;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.template.ChannelTemplates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running {@link Service} for tests: a config written from YAML (with the store URL filled in),
 * a {@link MutableClock}, the HTTP server on a free loopback port, and small HTTP helpers.
 * Tokens: {@link #ADMIN}, {@link #RESPONDER} and {@link #VIEWER} unless the YAML sets its own.
 */
public final class ServiceHarness implements AutoCloseable {
    public static final String ADMIN = "admin-token-0123456789abcdef";
    public static final String RESPONDER = "responder-token-0123456789abcdef";
    public static final String VIEWER = "viewer-token-0123456789abcdef";
    public static final String TOKENS = """
            api:
              tokens:
                - {name: root, token: "%s", role: admin}
                - {name: alice, token: "%s", role: responder}
                - {name: watcher, token: "%s", role: viewer}
            """.formatted(ADMIN, RESPONDER, VIEWER);

    private final Path dir;
    private final Service service;
    private final MutableClock clock;
    private final int port;
    private final StringWriter console;
    private final List<IncidentChange> changes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceHarness(Path dir, Service service, MutableClock clock, int port, StringWriter console, List<IncidentChange> changes) {
        this.console = console;
        this.changes = changes;
        this.dir = dir;
        this.service = service;
        this.clock = clock;
        this.port = port;
    }

    /** A service on a fresh SQLite file with {@code yaml} (plus the default tokens when it has no {@code api:}). */
    public static ServiceHarness sqlite(String yaml) throws IOException {
        Path dir = Files.createTempDirectory("firebreak-service");
        return start(dir, new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null), yaml, List.of(),
                Optional.empty(), Instant.parse("2026-11-29T10:00:00Z"));
    }

    /** A service on a fresh PostgreSQL database. */
    public static ServiceHarness postgres(String yaml) throws IOException {
        Path dir = Files.createTempDirectory("firebreak-service");
        return start(dir, TestPostgres.get().newDatabase(), yaml, List.of(), Optional.empty(), Instant.parse("2026-11-29T10:00:00Z"));
    }

    public static ServiceHarness start(Path dir, StorageConfig storage, String yaml, List<Rule> rules, Optional<MetricSource> source,
                                       Instant start) throws IOException {
        String full = (yaml.contains("api:") ? "" : TOKENS) + "server: {listen: \"127.0.0.1:0\", external_url: \"http://firebreak.test\"}\n"
                + (yaml.contains("server:") ? yaml.replace("server:", "server_unused:") : yaml);
        Files.writeString(dir.resolve("firebreak.yml"), full);
        var result = new ConfigLoader(name -> null, dir).load(Optional.of(dir.resolve("firebreak.yml")));
        if (result instanceof ConfigLoader.Result.Invalid invalid) {
            throw new IllegalArgumentException("test config is invalid: " + invalid.errors().stream().map(ConfigError::toString).toList());
        }
        LoadedConfig loaded = ((ConfigLoader.Result.Loaded) result).config();
        MutableClock clock = new MutableClock(start);
        Database database = Database.open(storage);
        StringWriter console = new StringWriter();
        var changes = Collections.synchronizedList(new ArrayList<IncidentChange>());
        Service service = new Service(loaded, database, clock, ChannelTemplates.builtIn(), new PrintWriter(console, true), rules, source,
                changes::add);
        int port = service.start();
        return new ServiceHarness(dir, service, clock, port, console, changes);
    }

    public Service service() {
        return service;
    }

    public MutableClock clock() {
        return clock;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** What the console channel printed. */
    public String console() {
        return console.toString();
    }

    /** Incidents opened, re-opened and resolved by detection or ingestion, in order. */
    public List<IncidentChange> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A response: status, body and headers. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    public Reply get(String path, String token) {
        return send(builder(path, token).GET().build());
    }

    public Reply post(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Reply delete(String path, String token) {
        return send(builder(path, token).DELETE().build());
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    @Override
    public void close() {
        service.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
