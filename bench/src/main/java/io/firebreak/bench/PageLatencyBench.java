package io.firebreak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Condition to page, side by side: the flip target and the recording receiver of
 * {@code bench/page-latency-bench.sh}, and the measurement. The script starts Prometheus (scraping
 * this process's {@code /metrics}), Alertmanager and {@code firebreak run}; this process flips the
 * gauge {@code bench_flip} and times, on one monotonic clock, the flip and the arrival of each page:
 *
 * <ul>
 *   <li>(a) Prometheus rule → Alertmanager → webhook {@code /am};</li>
 *   <li>(b) Firebreak's own rule (same expression, same {@code for}, same interval) → outbox → webhook {@code /fb};</li>
 *   <li>(c) the Prometheus rule's alert pushed to Firebreak's {@code /api/v2/alerts} → outbox → webhook {@code /fb}.</li>
 * </ul>
 *
 * <p>Each flip gets its own {@code flip} label, so each is a new Alertmanager group (its first
 * notification waits {@code group_wait}, as a new problem does) and a new alert everywhere. Before
 * each flip the driver sleeps a random part of the evaluation interval, so flips land at every
 * phase of the scrape and evaluation ticks. After each page it clears the value and waits until
 * Prometheus has no alert left and Firebreak has sent both "resolved" messages. Firebreak's own
 * delay (the incident event's time, as written in the webhook body, to the arrival) is measured
 * for (b) and (c) separately.
 *
 * <p>Where in the evaluation interval a tool evaluates after a scrape decides most of its wait,
 * and that phase is an accident of deployment: Prometheus offsets each scrape loop and each rule
 * group by a hash of its labels or name, and Firebreak's schedule starts when it starts. So that
 * the comparison measures the tools and not one draw of those hashes, the driver (in {@code vary}
 * mode) gives the target a new {@code round} label before each flip through Prometheus' file
 * service discovery: a new scrape loop with a new offset, so both tools' phases relative to the
 * scrape are drawn afresh at every flip. {@code fixed} keeps one scrape loop for the whole run.
 *
 * <p>Usage: PageLatencyBench MODE TARGET_PORT RECEIVER_PORT PROMETHEUS_URL FLIPS INTERVAL_MS PAGE_TIMEOUT_MS
 * TARGETS_FILE vary|fixed
 */
public final class PageLatencyBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FB_RULE_TITLE = "via firebreak rule";
    private static final String PROM_RULE_TITLE = "via prometheus";

    private volatile String metrics = "# TYPE bench_flip gauge\nbench_flip{flip=\"0\"} 0\n";
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String prometheus;
    private java.nio.file.Path targetsFile;
    private String targetAddress;
    private boolean varyPhase;

    /** One webhook delivery as the receiver saw it: when (monotonic and wall clock), on which path, with what body. */
    record Arrival(long nanos, Instant wall, String path, JsonNode body) {}

    private PageLatencyBench(String prometheus) {
        this.prometheus = prometheus;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String mode = args[0];
        int targetPort = Integer.parseInt(args[1]);
        int receiverPort = Integer.parseInt(args[2]);
        PageLatencyBench bench = new PageLatencyBench(args[3]);
        int flips = Integer.parseInt(args[4]);
        long intervalMillis = Long.parseLong(args[5]);
        long pageTimeoutMillis = Long.parseLong(args[6]);
        bench.targetsFile = java.nio.file.Path.of(args[7]);
        bench.targetAddress = "127.0.0.1:" + targetPort;
        bench.varyPhase = args[8].equals("vary");
        HttpServer target = bench.serveTarget(targetPort);
        HttpServer receiver = bench.serveReceiver(receiverPort);
        try {
            bench.run(mode, flips, intervalMillis, pageTimeoutMillis);
        } finally {
            target.stop(0);
            receiver.stop(0);
        }
        System.exit(0);   // the HTTP client's selector thread is not a daemon on every JDK
    }

    private HttpServer serveTarget(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/metrics", exchange -> answer(exchange, 200, metrics));
        server.start();
        return server;
    }

    private HttpServer serveReceiver(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            long nanos = System.nanoTime();
            Instant wall = Instant.now();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            answer(exchange, 200, "ok");
            try {
                arrivals.add(new Arrival(nanos, wall, exchange.getRequestURI().getPath(), JSON.readTree(body)));
            } catch (IOException e) {
                System.err.println("receiver: unreadable body on " + exchange.getRequestURI() + ": " + e.getMessage());
            }
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void set(int flip, int value) {
        metrics = "# TYPE bench_flip gauge\nbench_flip{flip=\"" + flip + "\"} " + value + "\n";
    }

    private void run(String mode, int flips, long intervalMillis, long pageTimeoutMillis) throws Exception {
        waitFor("Prometheus scraping the flip target", Duration.ofMinutes(3),
                () -> query("up{job=\"flip\"}").contains("\"1\""));
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Long> c = new ArrayList<>();
        List<Long> addedB = new ArrayList<>();
        List<Long> addedC = new ArrayList<>();
        List<Long> ownA = new ArrayList<>();
        List<Long> ownC = new ArrayList<>();
        List<Long> detectA = new ArrayList<>();
        List<Long> detectB = new ArrayList<>();
        int missed = 0;
        // Flip 0 warms up every path (Firebreak's first incident, the JIT); it is not counted.
        for (int flip = 0; flip <= flips; flip++) {
            if (varyPhase) {
                newScrapeLoop(flip + 1);
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(Math.max(1, intervalMillis)));
            int mark = arrivals.size();
            long flipped = System.nanoTime();
            Instant flippedWall = Instant.now();
            set(flip + 1, 1);
            String label = Integer.toString(flip + 1);
            long deadline = flipped + pageTimeoutMillis * 1_000_000;
            Optional<Arrival> pageA = awaitArrival(mark, deadline, arrival -> arrival.path().equals("/am") && amFiring(arrival.body(), label));
            Optional<Arrival> pageB = awaitArrival(mark, deadline, arrival -> fbPage(arrival, FB_RULE_TITLE));
            Optional<Arrival> pageC = awaitArrival(mark, deadline, arrival -> fbPage(arrival, PROM_RULE_TITLE));
            if (flip > 0) {
                if (pageA.isEmpty() || pageB.isEmpty() || pageC.isEmpty()) {
                    missed++;
                    System.err.printf("flip %d: a page did not arrive within %d ms (a %s, b %s, c %s)%n", flip, pageTimeoutMillis,
                            pageA.isPresent(), pageB.isPresent(), pageC.isPresent());
                }
                Optional<Instant> firedA = pageA.flatMap(p -> startsAt(p.body(), label));
                pageA.ifPresent(p -> a.add(p.nanos() - flipped));
                pageB.ifPresent(p -> { b.add(p.nanos() - flipped); added(p).ifPresent(addedB::add); });
                pageC.ifPresent(p -> { c.add(p.nanos() - flipped); added(p).ifPresent(addedC::add); });
                firedA.ifPresent(fired -> {
                    detectA.add(Duration.between(flippedWall, fired).toNanos());
                    pageA.ifPresent(p -> ownA.add(Duration.between(fired, p.wall()).toNanos()));
                    pageC.ifPresent(p -> ownC.add(Duration.between(fired, p.wall()).toNanos()));
                });
                pageB.flatMap(PageLatencyBench::eventTime).ifPresent(fired -> detectB.add(Duration.between(flippedWall, fired).toNanos()));
                System.err.printf("flip %d: a %s b %s c %s%n", flip, seconds(pageA, flipped), seconds(pageB, flipped), seconds(pageC, flipped));
            }
            int clearMark = arrivals.size();
            set(flip + 1, 0);
            long clearDeadline = System.nanoTime() + pageTimeoutMillis * 1_000_000;
            awaitArrival(clearMark, clearDeadline, arrival -> fbResolved(arrival, FB_RULE_TITLE));
            awaitArrival(clearMark, clearDeadline, arrival -> fbResolved(arrival, PROM_RULE_TITLE));
            waitFor("Prometheus to clear its alert", Duration.ofMillis(Math.max(1, (clearDeadline - System.nanoTime()) / 1_000_000)),
                    () -> !fetch(prometheus + "/api/v1/alerts").contains("\"flip\":\"" + label + "\""));
        }
        System.out.printf("%n# page latency, mode %s: %d flips (+1 warm-up), evaluation interval %d ms for both paths, scrape phase %s%n",
                mode, flips, intervalMillis, varyPhase ? "drawn afresh at every flip" : "fixed");
        System.out.printf("%-8s %-58s %4s %10s %10s%n", "mode", "path (flip to page arrival)", "n", "median", "p99");
        row(mode, "(a) Prometheus rule -> Alertmanager -> webhook", a, 1e9, "s");
        row(mode, "(b) Firebreak rule -> outbox -> webhook", b, 1e9, "s");
        row(mode, "(c) Prometheus -> Firebreak /api/v2/alerts -> webhook", c, 1e9, "s");
        row(mode, "Firebreak's own delay (b): incident event -> arrival", addedB, 1e6, "ms");
        row(mode, "Firebreak's own delay (c): incident event -> arrival", addedC, 1e6, "ms");
        System.out.printf("%-8s where the time goes (wall clock; Prometheus' startsAt is the evaluation that fired)%n", mode);
        row(mode, "  detection (a): flip -> Prometheus rule fired", detectA, 1e9, "s");
        row(mode, "  detection (b): flip -> Firebreak rule fired", detectB, 1e9, "s");
        row(mode, "  after firing (a): Prometheus -> Alertmanager -> arrival", ownA, 1e6, "ms");
        row(mode, "  after firing (b): Firebreak -> arrival", addedB, 1e6, "ms");
        row(mode, "  after firing (c): Prometheus -> Firebreak -> arrival", ownC, 1e6, "ms");
        if (varyPhase) {
            System.out.printf("%-8s scrape phase: a new scrape loop (new offset) before every flip%n", mode);
        } else {
            prometheusPhase().ifPresent(phase -> System.out.printf(Locale.ROOT,
                    "%-8s scrape phase fixed: Prometheus evaluates its rule group %.3f s after it scrapes the target;"
                            + " Firebreak's schedule is not tied to either%n", mode, phase / 1e3));
        }
        if (missed > 0) {
            System.out.printf("%-8s %d of %d flips missed at least one page within %d ms%n", mode, missed, flips, pageTimeoutMillis);
        }
        result("page_latency_" + mode + "_b_vs_a_median_s", b, a, 50);
        result("page_latency_" + mode + "_b_vs_a_p99_s", b, a, 99);
        resultAfterFiring("page_latency_" + mode + "_after_firing_b_vs_a_median_ms", addedB, ownA);
        resultBelow("page_latency_" + mode + "_firebreak_delay_b_p99_ms", addedB, 100);
        resultBelow("page_latency_" + mode + "_firebreak_delay_c_p99_ms", addedC, 100);
        if (missed > 0) {
            System.out.printf("RESULT page_latency_%s_missed_flips %d - - 0 not-met%n", mode, missed);
        }
    }

    private static String seconds(Optional<Arrival> page, long flipped) {
        return page.map(p -> String.format(Locale.ROOT, "%.2fs", (p.nanos() - flipped) / 1e9)).orElse("missed");
    }

    /** Gives the target the label {@code round="ROUND"}: Prometheus replaces its scrape loop (new offset); waits for its first scrape. */
    private void newScrapeLoop(int round) throws Exception {
        java.nio.file.Path written = targetsFile.resolveSibling(targetsFile.getFileName() + ".new");
        java.nio.file.Files.writeString(written, "[{\"targets\": [\"" + targetAddress + "\"], \"labels\": {\"round\": \"" + round + "\"}}]\n");
        java.nio.file.Files.move(written, targetsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        waitFor("Prometheus scraping round " + round, Duration.ofMinutes(2),
                () -> query("up{job=\"flip\",round=\"" + round + "\"}").contains("\"1\""));
    }

    /**
     * How long after a scrape of the flip target Prometheus evaluates its rule group, in ms: the
     * phase that decides how much of the evaluation interval path (a) waits, the same after every flip.
     */
    private Optional<Long> prometheusPhase() {
        try {
            JsonNode targets = JSON.readTree(fetch(prometheus + "/api/v1/targets"));
            JsonNode rules = JSON.readTree(fetch(prometheus + "/api/v1/rules"));
            JsonNode target = targets.path("data").path("activeTargets").path(0);
            JsonNode group = rules.path("data").path("groups").path(0);
            Instant scraped = java.time.OffsetDateTime.parse(target.path("lastScrape").asText()).toInstant();
            Instant evaluated = java.time.OffsetDateTime.parse(group.path("lastEvaluation").asText()).toInstant();
            long scrapeMillis = Math.round(parseSeconds(target.path("scrapeInterval").asText()) * 1000);
            return Optional.of(Math.floorMod(Duration.between(scraped, evaluated).toMillis(), scrapeMillis));
        } catch (Exception e) {
            System.err.println("could not read Prometheus' scrape and evaluation times: " + e);
            return Optional.empty();
        }
    }

    private static double parseSeconds(String duration) {
        return duration.endsWith("ms") ? Double.parseDouble(duration.substring(0, duration.length() - 2)) / 1000
                : duration.endsWith("m") ? Double.parseDouble(duration.substring(0, duration.length() - 1)) * 60
                : Double.parseDouble(duration.substring(0, duration.length() - 1));
    }

    /** The {@code startsAt} of this flip's alert in an Alertmanager notification: when Prometheus' rule fired. */
    private static Optional<Instant> startsAt(JsonNode body, String flip) {
        for (JsonNode alert : body.path("alerts")) {
            if (alert.path("labels").path("flip").asText().equals(flip) && alert.path("startsAt").isTextual()) {
                return Optional.of(java.time.OffsetDateTime.parse(alert.path("startsAt").asText()).toInstant());
            }
        }
        return Optional.empty();
    }

    /** The time of the incident event a Firebreak message was caused by. */
    private static Optional<Instant> eventTime(Arrival page) {
        JsonNode at = page.body().path("timeline_entry").path("at");
        return at.isTextual() ? Optional.of(Instant.parse(at.asText())) : Optional.empty();
    }

    /** Firebreak's own delay: from the incident event that caused the message (its time, in the body) to the arrival. */
    private static Optional<Long> added(Arrival page) {
        return eventTime(page).map(at -> Duration.between(at, page.wall()).toNanos());
    }

    private static boolean amFiring(JsonNode body, String flip) {
        for (JsonNode alert : body.path("alerts")) {
            if (alert.path("status").asText().equals("firing") && alert.path("labels").path("flip").asText().equals(flip)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fbPage(Arrival arrival, String title) {
        String event = arrival.body().path("event").asText();
        return arrival.path().equals("/fb") && (event.equals("opened") || event.equals("reopened"))
                && arrival.body().path("incident").path("title").asText().contains(title);
    }

    private static boolean fbResolved(Arrival arrival, String title) {
        return arrival.path().equals("/fb") && arrival.body().path("event").asText().equals("resolved")
                && arrival.body().path("incident").path("title").asText().contains(title);
    }

    /** The first arrival from index {@code from} on that matches, waiting until {@code deadline} (System.nanoTime). */
    private Optional<Arrival> awaitArrival(int from, long deadline, Predicate<Arrival> wanted) throws InterruptedException {
        while (true) {
            List<Arrival> seen = List.copyOf(arrivals);
            for (int i = from; i < seen.size(); i++) {
                if (wanted.test(seen.get(i))) {
                    return Optional.of(seen.get(i));
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(2);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(String what, Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                System.err.println("gave up waiting for " + what + " after " + limit.toSeconds() + " s");
                return;
            }
            Thread.sleep(50);
        }
    }

    private String query(String promql) throws Exception {
        return fetch(prometheus + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private String fetch(String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    static double percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void row(String mode, String name, List<Long> values, double unit, String suffix) {
        System.out.printf(Locale.ROOT, "%-8s %-58s %4d %8.3f %s %8.3f %s%n", mode, name, values.size(),
                percentile(values, 50) / unit, suffix, percentile(values, 99) / unit, suffix);
    }

    /** Firebreak's figure against Alertmanager's: met when no slower. */
    private static void result(String name, List<Long> firebreak, List<Long> baseline, int p) {
        double figure = percentile(firebreak, p) / 1e9;
        double base = percentile(baseline, p) / 1e9;
        double ratio = figure / base;
        System.out.printf(Locale.ROOT, "RESULT %s %.3f %.3f %.2f <=1.00x %s%n", name, figure, base, ratio,
                ratio <= 1.0 ? "met" : "not-met");
    }

    /** What each tool adds after its rule fired (the part of (b) against (a) that the evaluation phase does not decide). */
    /**
     * The time each path takes after its rule fired, side by side: a figure to read, not one of the
     * issue's targets (those are the whole flip-to-page time, and Firebreak's own delay under 100 ms),
     * so its line says {@code info} rather than met or not.
     */
    private static void resultAfterFiring(String name, List<Long> firebreak, List<Long> baseline) {
        double figure = percentile(firebreak, 50) / 1e6;
        double base = percentile(baseline, 50) / 1e6;
        System.out.printf(Locale.ROOT, "RESULT %s %.1f %.1f %.2f - info%n", name, figure, base, figure / base);
    }

    private static void resultBelow(String name, List<Long> values, double limitMillis) {
        double figure = percentile(values, 99) / 1e6;
        System.out.printf(Locale.ROOT, "RESULT %s %.1f - - <%.0fms %s%n", name, figure, limitMillis,
                figure < limitMillis ? "met" : "not-met");
    }
}
