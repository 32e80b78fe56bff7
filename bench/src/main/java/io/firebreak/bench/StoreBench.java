package io.firebreak.bench;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Incidents created per second through {@link IncidentStore#open} (one transaction: day sequence
 * upsert, incident row, OPENED timeline event), next to a baseline of bare one-row INSERT
 * transactions through the same pool and threads: the floor cost of one committed write.
 *
 * <p>Arguments: JDBC URL, user, password, threads, seconds per measurement.
 */
public final class StoreBench {
    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[3]);
        Duration measure = Duration.ofSeconds(Long.parseLong(args[4]));
        var storage = new StorageConfig(url, args[1], new Secret(args[2]), Math.max(threads, 2));
        try (Database database = Database.open(storage)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id TEXT PRIMARY KEY, body TEXT NOT NULL)"));
            IncidentStore store = new IncidentStore(database);
            AtomicLong keys = new AtomicLong();
            Runnable baseline = () -> database.jdbi().useTransaction(h -> h.execute(
                    "INSERT INTO bench_baseline (id, body) VALUES (?, ?)", "k" + keys.incrementAndGet(), "x".repeat(200)));
            AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
            Runnable create = () -> store.open(new NewIncident("bench incident", Severity.HIGH, "bench", "bench",
                    Map.of("instance", "10.0.0.1:8000", "job", "agente-api"), "docs/runbooks/01-database-down.md", null),
                    "bench", Instant.ofEpochMilli(clock.addAndGet(1)));

            run(baseline, threads, Duration.ofSeconds(2));     // warm-up, both paths
            run(create, threads, Duration.ofSeconds(2));
            double base = run(baseline, threads, measure);
            double creations = run(create, threads, measure);
            String dialect = database.dialect().name().toLowerCase(java.util.Locale.ROOT);
            System.out.printf("%-10s threads=%d  baseline insert tx/s=%8.0f  incident creations/s=%8.0f  ratio=%.2f%n",
                    dialect, threads, base, creations, creations / base);
        }
    }

    /** Runs {@code op} on {@code threads} threads for {@code duration}; returns operations per second. */
    static double run(Runnable op, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long done = 0;
                while (System.nanoTime() < deadline) {
                    op.run();
                    done++;
                }
                return done;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        long elapsed = System.nanoTime() - started;
        pool.shutdown();
        return total / (elapsed / 1e9);
    }
}
