package io.firebreak.server.testing;

import io.firebreak.server.config.StorageConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own, on a free loopback port in a temp directory, that the
 * test can stop and start again (fault tests). {@link TestPostgres} shares one of these across
 * tests; a fault test that restarts the server starts its own. Without PostgreSQL binaries it
 * fails and says how to install them.
 */
public final class PostgresServer implements AutoCloseable {
    static final String INSTALL_HINT = "PostgreSQL is needed for this test: run .ci/run, or install it "
            + "(apt-get install postgresql-15) so the test can start a throwaway server";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean root = "root".equals(System.getProperty("user.name"));

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** A new server, initialised and started; stopped and deleted by {@link #close()} (and at JVM exit). */
    public static PostgresServer start() {
        return start(List.of());
    }

    /**
     * A new server started with extra settings, lines of {@code postgresql.conf} such as
     * {@code archive_mode = on} or {@code archive_command = 'cp %p /tmp/x/%f'}.
     */
    public static PostgresServer start(List<String> extraSettings) {
        Path bin = findBin();
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, Files.createTempDirectory("firebreak-pg"), port);
            Files.createDirectories(server.data);
            if (server.root) {
                run(List.of("chmod", "755", server.dir.toString()));
                run(List.of("chown", "postgres:postgres", server.data.toString()));
            }
            run(server.asPostgres(bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
            if (!extraSettings.isEmpty()) {
                Files.writeString(server.data.resolve("postgresql.conf"), "\n" + String.join("\n", extraSettings) + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            server.startAgain();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL. " + INSTALL_HINT, e);
        }
    }

    /** Starts the (stopped) server again, on the same port with the same data. */
    public void startAgain() throws IOException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                "-w", "-t", "30", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + data
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"));
    }

    /** Stops the server (fast shutdown: open connections are cut, as when the database host restarts). */
    public void stop() throws IOException {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    }

    /** The temp directory the server lives in (deleted by {@link #close()}): a place for files the server writes, such as a WAL archive. */
    public Path dir() {
        return dir;
    }

    /** The {@code pg_*} binaries of the server's version. */
    public Path bin() {
        return bin;
    }

    /** Runs a PostgreSQL client program as the server's owner (as the {@code postgres} user when the tests run as root). */
    public List<String> asOwner(String... command) {
        return asPostgres(command);
    }

    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The storage settings of the server's {@code postgres} database. */
    public StorageConfig storage() {
        return new StorageConfig(adminUrl(), "postgres", null, null);
    }

    private boolean running() {
        return Files.exists(data.resolve("postmaster.pid"));
    }

    @Override
    public synchronized void close() {
        if (running()) {
            try {
                stop();
            } catch (IOException e) {
                try {
                    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | RuntimeException ignored) {
                    // nothing more to stop
                }
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing the build for
        }
    }

    static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql. " + INSTALL_HINT));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql. " + INSTALL_HINT, e);
        }
    }

    private List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("'" + String.join(" ", command) + "' failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
    }
}
