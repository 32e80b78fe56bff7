package io.firebreak.bench;

import com.sun.net.httpserver.HttpServer;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.engine.PrometheusSource;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One detection cycle of N rules, each answering S series from a local HTTP server with canned
 * Prometheus responses, through the state machine and the store, next to the baseline: the same
 * N fetches and JSON parses through the same client and concurrency, without state or store.
 *
 * <p>Arguments: JDBC URL, user, password, rules, series per rule, measured cycles (of the steady
 * phases; first breach and recovery run in up to three rounds, after three rounds of all four
 * phases that are not measured). Each phase is reported as its best cycle beside its best
 * baseline, in words and as a {@code RESULT} line.
 */
public final class DetectionBench {
    private DetectionBench() {}

    private static final List<String> PHASES = List.of("quiet", "first-breach", "firing", "recovery");
    /** A cycle at most this many times the bare fetch and parse of the same answers. */
    private static final double TARGET = 2.0;
    /** Rounds of breach and recovery: each is one cycle that cannot be repeated without a breach or a recovery before it. */
    private static final int TRANSITION_ROUNDS = Integer.getInteger("bench.rounds", 3);
    /**
     * Rounds of all four phases run first and not measured: the JIT compiles the paths of a breach
     * and a recovery (opening 1,000 incidents, the alert-set text) only once they have run a few
     * times, as the baseline's fetch and parse are compiled by the cycles before it. Measured with
     * none, a first breach spent a third of its CPU in the JIT compiler.
     */
    private static final int WARM_ROUNDS = Integer.getInteger("bench.warmRounds", 3);

    /**
     * The best (shortest) cycle and the best baseline of one phase, over its runs; and the CPU time
     * each run took, the cycle's with the PostgreSQL server's (ms).
     */
    private static final class Measured {
        long base = Long.MAX_VALUE;
        long cycle = Long.MAX_VALUE;
        int changes;
        final List<Long> cycleCpu = new ArrayList<>();
        final List<Long> serverCpu = new ArrayList<>();
        final List<Long> baseCpu = new ArrayList<>();

        void add(long baseNanos, long cycleNanos, int incidentChanges, long baseCpuMillis, long cycleCpuMillis, long serverCpuMillis) {
            base = Math.min(base, baseNanos);
            cycle = Math.min(cycle, cycleNanos);
            changes = incidentChanges;
            baseCpu.add(baseCpuMillis);
            cycleCpu.add(cycleCpuMillis + serverCpuMillis);
            serverCpu.add(serverCpuMillis);
        }

        static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        double ratio() {
            return (double) cycle / base;
        }
    }

    public static void main(String[] args) throws Exception {
        int ruleCount = Integer.parseInt(args[3]);
        int seriesCount = Integer.parseInt(args[4]);
        int cycles = Integer.parseInt(args[5]);
        AtomicReference<String> value = new AtomicReference<>("0");   // below every threshold: quiet
        // Like Prometheus (Go sets TCP_NODELAY), answer without Nagle's delay: the JDK server otherwise
        // waits for a delayed ACK between headers and body, ~40 ms a request, and measures only that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, byte[]> canned = new java.util.concurrent.ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/query", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = URLDecoder.decode(form.substring(form.indexOf("query=") + 6, form.indexOf('&')), StandardCharsets.UTF_8);
            byte[] body = canned.computeIfAbsent(query + "=" + value.get(),
                    k -> response(query, seriesCount, value.get()).getBytes(StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            var client = new PrometheusClient(List.of(url), Duration.ofSeconds(30));
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < ruleCount; i++) {
                rules.add(new Rule("rule_" + i, "bench", "bench_metric{rule=\"" + i + "\"}", Optional.of(Comparison.GT), 50,
                        Duration.ZERO, Duration.ZERO, Severity.MEDIUM, "bench", "", "bench {{labels.instance}}", "", Map.of(),
                        Map.of(), List.of(), false, true, Optional.empty(), "bench:" + i));
            }
            var storage = new StorageConfig(args[0], args[1], new Secret(args[2]), 8);
            try (Database database = Database.open(storage);
                 var engine = new DetectionEngine(rules, new PrometheusSource(client), new DetectionStore(database),
                         Duration.ofSeconds(30), Duration.ofMinutes(5))) {
                Instant now = Instant.parse("2026-11-28T00:00:00Z");
                for (int warm = 0; warm < 3; warm++) {           // JIT, connections, pool
                    baseline(client, rules, now);
                    engine.runAll(now = now.plusSeconds(30));
                }
                String dialect = database.dialect().name().toLowerCase(java.util.Locale.ROOT);
                // The steady phases run `cycles` times in a row; the transitions once per round, with the
                // dedup window passing between rounds so that every first breach opens new incidents.
                Map<String, Measured> best = new java.util.LinkedHashMap<>();
                for (String phase : PHASES) {
                    best.put(phase, new Measured());
                }
                int rounds = WARM_ROUNDS + Math.min(cycles, TRANSITION_ROUNDS);
                for (int round = 0; round < rounds; round++) {
                    boolean measured = round >= WARM_ROUNDS;
                    for (String phase : PHASES) {
                        value.set(phase.equals("quiet") || phase.equals("recovery") ? "0" : "99");
                        boolean steady = phase.equals("quiet") || phase.equals("firing");
                        int runs = steady ? (round == WARM_ROUNDS ? cycles : 1) : 1;
                        for (int run = 0; run < runs; run++) {
                            boolean trace = Boolean.getBoolean("bench.trace");
                            long baseCpu0 = processCpuMillis();
                            long base = baseline(client, rules, now);
                            long baseCpu = processCpuMillis() - baseCpu0;
                            now = now.plusSeconds(30);
                            long cpuBefore = processCpuMillis();
                            long pgBefore = postgresCpuMillis();
                            java.time.LocalTime wallStart = trace ? java.time.LocalTime.now() : null;
                            long started = System.nanoTime();
                            var result = engine.runAll(now);
                            long took = System.nanoTime() - started;
                            long cycleCpu = processCpuMillis() - cpuBefore;
                            long serverCpu = postgresCpuMillis() - pgBefore;
                            if (measured) {
                                best.get(phase).add(base, took, result.changes().size(), baseCpu, cycleCpu, serverCpu);
                            }
                            if (trace) {   // each cycle on stderr, with its wall-clock window (to cut a JFR recording) and CPU
                                System.err.printf("TRACE %s %s %s %s cycle %d ms, baseline %d ms (cpu %d), cpu: jvm %d ms, postgres %d ms%n",
                                        dialect, phase, wallStart, java.time.LocalTime.now(), took / 1_000_000, base / 1_000_000, baseCpu,
                                        cycleCpu, serverCpu);
                            }
                            if (!result.unhealthy().isEmpty()) {
                                throw new IllegalStateException("unhealthy: " + result.unhealthy().get(0));
                            }
                        }
                    }
                    now = now.plus(Duration.ofMinutes(6));   // past the dedup window: the next breach opens, not re-opens
                }
                best.forEach((phase, m) -> System.out.printf(
                        "%-10s %-12s rules=%d series=%d  baseline fetch+parse %6.0f ms  cycle %6.0f ms  ratio %5.2f  incident changes %d%n",
                        dialect, phase, ruleCount, seriesCount, m.base / 1e6, m.cycle / 1e6, m.ratio(), m.changes));
                // On two cores, a cycle cannot take less wall time than its CPU time over the baseline's allows.
                best.forEach((phase, m) -> System.out.printf(java.util.Locale.ROOT,
                        "%-10s %-12s cpu (median of %d runs): cycle %d ms (database server %d), baseline %d ms, ratio %.2f%n",
                        dialect, phase, m.cycleCpu.size(), Measured.median(m.cycleCpu), Measured.median(m.serverCpu),
                        Measured.median(m.baseCpu), (double) Measured.median(m.cycleCpu) / Measured.median(m.baseCpu)));
                // One line per figure for the summary of all benchmarks: name, figure, baseline, ratio, target, verdict.
                best.forEach((phase, m) -> System.out.printf(java.util.Locale.ROOT, "RESULT detection-%s-%s %.0f %.0f %.2f %.1f %s%n",
                        dialect, phase, m.cycle / 1e6, m.base / 1e6, m.ratio(), TARGET, m.ratio() <= TARGET ? "met" : "not-met"));
            }
        } finally {
            server.stop(0);
        }
    }

    /** CPU time of this JVM so far, ms. */
    static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /**
     * CPU time so far of the PostgreSQL server's processes (children of the postmaster whose PID is
     * the property {@code bench.postgresPid}; Linux /proc, 10 ms ticks), ms; 0 without it.
     */
    static long postgresCpuMillis() {
        String postmaster = System.getProperty("bench.postgresPid", "");
        if (postmaster.isEmpty()) {
            return 0;
        }
        long ticks = 0;
        java.io.File[] processes = new java.io.File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        for (java.io.File process : processes == null ? new java.io.File[0] : processes) {
            try {
                String stat = java.nio.file.Files.readString(process.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (fields[1].equals(postmaster) || process.getName().equals(postmaster)) {
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            } catch (java.io.IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return ticks * 10;
    }

    /** The bare fetches and parses of all rules' queries, with the engine's concurrency limit; nanoseconds. */
    static long baseline(PrometheusClient client, List<Rule> rules, Instant now) throws Exception {
        long started = System.nanoTime();
        var inFlight = new java.util.concurrent.Semaphore(DetectionEngine.MAX_CONCURRENT_QUERIES);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<QueryResult>> results = new ArrayList<>();
            for (Rule rule : rules) {
                results.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return client.query(rule.query(), now);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<QueryResult> result : results) {
                if (!(result.get() instanceof QueryResult.Samples)) {
                    throw new IllegalStateException("baseline query failed: " + result.get());
                }
            }
        }
        return System.nanoTime() - started;
    }

    static String response(String query, int series, String value) {
        StringBuilder out = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < series; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"metric\":{\"__name__\":\"bench_metric\",\"job\":\"agente-api\",\"instance\":\"10.0.")
                    .append(i / 250).append('.').append(i % 250).append(":8000\",\"q\":\"").append(query.hashCode())
                    .append("\"},\"value\":[1795824000.0,\"").append(value).append("\"]}");
        }
        return out.append("]}}").toString();
    }
}
