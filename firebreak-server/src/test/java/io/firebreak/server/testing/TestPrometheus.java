package io.firebreak.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian package {@code prometheus}) on 127.0.0.1 and a free port, with a temp
 * directory, the given config and rule files, stopped by PID on close. Fails, never skips, when the
 * binary is missing.
 */
public final class TestPrometheus implements AutoCloseable {
    private static final String INSTALL_HINT = "Prometheus is needed for this test: run .ci/run, or apt-get install prometheus";

    private final Process process;
    private final Path dir;
    private final int port;

    private TestPrometheus(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus with {@code config} as prometheus.yml and {@code rules} as rules.yml in its directory. */
    public static TestPrometheus start(String config, String rules) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Path dir = Files.createTempDirectory("firebreak-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Files.writeString(dir.resolve("rules.yml"), rules);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.external-url=http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        var prometheus = new TestPrometheus(process, dir, port);
        ReadyWait.ready("Prometheus", prometheus.url(), process, () -> Files.readString(dir.resolve("prometheus.log")), prometheus::close);
        return prometheus;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** GET {@code path} (with its query string) and return the body. */
    public String get(String pathAndQuery) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing the build for
        }
    }
}
