package io.firebreak.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes {@code COUNT} distinct firing alerts to an Alertmanager v2 push endpoint
 * ({@code POST /api/v2/alerts}, Firebreak's or a real Alertmanager's), in batches of {@code BATCH}
 * from 4 clients, as Prometheus would: each alert has its own {@code instance} label, 100
 * {@code service}s share them (so Firebreak groups them into 100 incidents, Alertmanager into 100
 * groups were it routing), and {@code endsAt} is an hour ahead so none expires while memory is
 * measured. Exits 1 if any batch was refused.
 *
 * <p>Usage: AlertPush URL TOKEN|- COUNT BATCH
 */
public final class AlertPush {
    private AlertPush() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1].equals("-") ? "" : args[1];
        int count = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String startsAt = Instant.now().toString();
        String endsAt = Instant.now().plus(Duration.ofHours(1)).toString();
        int batches = (count + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    int b;
                    while ((b = next.getAndIncrement()) < batches) {
                        StringBuilder body = new StringBuilder(batch * 260).append('[');
                        for (int i = b * batch; i < Math.min(count, (b + 1) * batch); i++) {
                            if (i > b * batch) {
                                body.append(',');
                            }
                            body.append("{\"labels\":{\"alertname\":\"MemoryBench\",\"severity\":\"warning\",\"service\":\"svc-")
                                    .append(i % 100).append("\",\"instance\":\"host-").append(i).append(".example.internal:9100\",\"job\":\"node\"},")
                                    .append("\"annotations\":{\"summary\":\"Disk almost full on host-").append(i).append("\"},")
                                    .append("\"startsAt\":\"").append(startsAt).append("\",\"endsAt\":\"").append(endsAt).append("\",")
                                    .append("\"generatorURL\":\"http://prometheus.example.internal:9090/graph?g0.expr=disk_free\"}");
                        }
                        body.append(']');
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
                        if (!token.isEmpty()) {
                            request.header("Authorization", "Bearer " + token);
                        }
                        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() / 100 != 2) {
                            if (refused.incrementAndGet() == 1) {
                                System.err.println("refused: HTTP " + response.statusCode() + " " + response.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        System.err.printf("pushed %d alerts in %d batches to %s in %.1f s, %d batches refused%n", count, batches, url,
                (System.nanoTime() - started) / 1e9, refused.get());
        System.exit(refused.get() == 0 ? 0 : 1);
    }
}
