package io.firebreak.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Alert ingestion load: requests of 10 alerts POSTed on loopback, as Alertmanager's webhook
 * (to Firebreak) or as Alertmanager's v2 push API (to Firebreak or a real Alertmanager). Alerts
 * come from 100 groups of 10 instances, so after the first 100 requests every alert is a repeat,
 * as in steady operation. Prints alerts/s at full speed with CONCURRENCY clients, then p50/p99
 * latency at a fixed rate of RATE alerts/s.
 *
 * <p>Usage: IngestBench NAME URL webhook|push TOKEN REQUESTS CONCURRENCY RATE
 */
public final class IngestBench {
    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String url = args[1];
        boolean webhook = args[2].equals("webhook");
        String token = args[3];
        int requests = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int rate = Integer.parseInt(args[6]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // warm-up: every alert once, and the JIT
        run(client, url, webhook, token, Math.min(2000, requests), concurrency, 0);
        long started = System.nanoTime();
        long[] latencies = run(client, url, webhook, token, requests, concurrency, 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        double alertsPerSecond = requests * 10 / seconds;
        long[] paced = run(client, url, webhook, token, Math.max(200, rate / 10 * 20), concurrency, rate / 10);
        System.out.printf("%-28s %9.0f alerts/s  full-speed p50 %6.2f ms p99 %6.2f ms | at %d alerts/s: p50 %6.2f ms p99 %6.2f ms%n",
                name, alertsPerSecond, percentile(latencies, 50), percentile(latencies, 99), rate,
                percentile(paced, 50), percentile(paced, 99));
        // For the script's summary: alerts/s at full speed and p99 in ms at the fixed rate.
        System.out.printf(java.util.Locale.ROOT, "FIGURES %.0f %.2f%n", alertsPerSecond, percentile(paced, 99));
    }

    /** Sends {@code requests} requests; at most {@code perSecond} requests a second when above 0. Returns each latency in ns. */
    static long[] run(HttpClient client, String url, boolean webhook, String token, int requests, int concurrency, int perSecond)
            throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        if (perSecond > 0) {
                            long due = start + (long) (i * 1e9 / perSecond);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                        String body = webhook ? webhookBody(i % 100) : pushBody(i % 100);
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                        if (!token.isEmpty()) {
                            request.header("Authorization", "Bearer " + token);
                        }
                        long sent = System.nanoTime();
                        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - sent;
                        if (response.statusCode() / 100 != 2) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + requests + " requests were not answered 2xx");
        }
        return latencies;
    }

    private static String alerts(int group, boolean webhook) {
        StringBuilder out = new StringBuilder();
        for (int instance = 0; instance < 10; instance++) {
            if (instance > 0) {
                out.append(',');
            }
            out.append("{").append(webhook ? "\"status\":\"firing\"," : "")
                    .append("\"labels\":{\"alertname\":\"BenchAlert").append(group).append("\",\"severity\":\"warning\",")
                    .append("\"service\":\"bench\",\"instance\":\"host-").append(instance).append(":9100\"},")
                    .append("\"annotations\":{\"summary\":\"bench alert ").append(group).append("\"},")
                    .append("\"startsAt\":\"2026-11-29T10:00:00Z\",")
                    .append(webhook ? "\"endsAt\":\"0001-01-01T00:00:00Z\"," : "")
                    .append("\"generatorURL\":\"http://prometheus:9090/graph\"}");
        }
        return out.toString();
    }

    static String webhookBody(int group) {
        return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"BenchAlert" + group + "\\\"}\",\"status\":\"firing\","
                + "\"receiver\":\"firebreak\",\"alerts\":[" + alerts(group, true) + "]}";
    }

    static String pushBody(int group) {
        return "[" + alerts(group, false) + "]";
    }

    static double percentile(long[] latencies, int p) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
