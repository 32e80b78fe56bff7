package io.firebreak.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}) on 127.0.0.1 and a free port,
 * clustering off, with a temp directory and the given config, stopped by PID on close. Fails, never
 * skips, when the binary is missing.
 */
public final class TestAlertmanager implements AutoCloseable {
    private static final String INSTALL_HINT =
            "Alertmanager is needed for this test: run .ci/run, or apt-get install prometheus-alertmanager";

    private final Process process;
    private final Path dir;
    private final int port;

    private TestAlertmanager(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Alertmanager with {@code config} as alertmanager.yml in its own temp directory. */
    public static TestAlertmanager start(String config) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/prometheus-alertmanager");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Path dir = Files.createTempDirectory("firebreak-alertmanager");
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.external-url=http://127.0.0.1:" + port + "/",
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        var alertmanager = new TestAlertmanager(process, dir, port);
        ReadyWait.ready("Alertmanager", alertmanager.url(), process, () -> alertmanager.log(), alertmanager::close);
        return alertmanager;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** What Alertmanager logged so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
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
