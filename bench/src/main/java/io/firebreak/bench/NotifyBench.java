package io.firebreak.bench;

import com.sun.net.httpserver.HttpServer;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.channel.Channels;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.notify.DeliveryWorker;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * N notifications through outbox and delivery to a local recording webhook server, next to a bare
 * loop of the same POSTs (the baseline); then latency from enqueue to receipt at a steady offered
 * rate. Arguments: JDBC URL, user, password, notifications, offered events per second.
 */
public final class NotifyBench {
    private NotifyBench() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, Long> received = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        var handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                received.putIfAbsent(key, System.nanoTime());
            }
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path dir = Files.createTempDirectory("notify-bench");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            Files.writeString(dir.resolve("firebreak.yml"), """
                    channels: [{name: hooks, type: webhook, url: "%s"}]
                    routes: [{channels: [hooks], events: [opened]}]
                    """.formatted(url));
            var config = ((ConfigLoader.Result.Loaded) new ConfigLoader(name -> null, dir).load(Optional.empty())).config().config();
            Notifications notifications = Notifications.from(config, new PrintWriter(new StringWriter()));
            try (Database database = Database.open(new StorageConfig(args[0], args[1], new Secret(args[2]), 8))) {
                var incidents = new IncidentStore(database, notifications.outbox());
                var outbox = new OutboxStore(database);
                var benchNow = new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
                var worker = new DeliveryWorker(outbox, incidents, notifications.notifiers(), "http://127.0.0.1", benchNow::get,
                        Duration.ofHours(24), () -> 0.5);
                String dialect = database.dialect().name().toLowerCase(java.util.Locale.ROOT);

                // Baseline: the same POSTs in a bare loop through the same HTTP sender.
                HttpSender http = new HttpSender();
                String body = "{\"event\":\"opened\",\"incident\":{\"id\":\"INC-20260101-001\",\"title\":\"bench\"}}";
                for (int i = 0; i < 500; i++) {
                    http.post(URI.create(url), Map.of("Content-Type", "application/json"), body);
                }
                long started = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    http.post(URI.create(url), Map.of("Content-Type", "application/json"), body);
                }
                double baseline = count / ((System.nanoTime() - started) / 1e9);

                // Throughput: queue N (each incident declaration queues one webhook row), then drain.
                Instant day = Instant.parse("2026-01-02T00:00:00Z");
                long queueStart = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    incidents.open(NewIncident.manual("bench " + i, Severity.HIGH, "bench"), "bench", day.plusMillis(i));
                }
                double queued = count / ((System.nanoTime() - queueStart) / 1e9);
                received.clear();
                long drainStart = System.nanoTime();
                while (received.size() < count) {
                    benchNow.set(day.plusSeconds(3600));
                    if (worker.deliverDue(500).sent() == 0 && received.size() < count) {
                        throw new IllegalStateException("delivery stalled at " + received.size());
                    }
                }
                double delivered = count / ((System.nanoTime() - drainStart) / 1e9);
                System.out.printf("%-10s baseline POST loop %6.0f/s  outbox delivery %6.0f/s  ratio %.2f  (queueing with the incident change: %6.0f/s)%n",
                        dialect, baseline, delivered, delivered / baseline, queued);

                // Latency: events offered at a steady rate while a delivery loop runs beside them.
                received.clear();
                Map<String, Long> queuedAt = new ConcurrentHashMap<>();
                AtomicBoolean running = new AtomicBoolean(true);
                Instant base = Instant.parse("2026-01-03T00:00:00Z");
                long origin = System.nanoTime();
                Thread deliveryLoop = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        benchNow.set(base.plusNanos(System.nanoTime() - origin));
                        if (worker.deliverDue(500).sent() == 0) {
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                });
                int offered = rate * 10;
                long period = 1_000_000_000L / rate;
                for (int i = 0; i < offered; i++) {
                    long due = origin + i * period;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    long at = System.nanoTime();
                    var incident = incidents.open(NewIncident.manual("lat " + i, Severity.HIGH, "bench"), "bench", base.plusNanos(at - origin));
                    queuedAt.put(incident.id() + ":1:hooks", at);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.size() < offered && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                running.set(false);
                deliveryLoop.join();
                List<Long> latencies = new ArrayList<>();
                queuedAt.forEach((key, at) -> {
                    Long got = received.get(key);
                    if (got != null) {
                        latencies.add(got - at);
                    }
                });
                Collections.sort(latencies);
                System.out.printf("%-10s offered %d/s for 10 s: received %d of %d  enqueue-to-receipt p50 %5.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                        dialect, rate, latencies.size(), offered, latencies.get(latencies.size() / 2) / 1e6,
                        latencies.get((int) (latencies.size() * 0.99)) / 1e6, latencies.get(latencies.size() - 1) / 1e6);
            }
        } finally {
            server.stop(0);
            handlers.shutdownNow();   // its threads are not daemons: the JVM would wait for them forever
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
