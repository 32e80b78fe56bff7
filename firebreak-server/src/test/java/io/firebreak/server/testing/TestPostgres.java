package io.firebreak.server.testing;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server for tests: the one named by {@code FIREBREAK_TEST_PG_URL} (set by .ci/run),
 * or a throwaway PostgreSQL 15 this JVM starts on a free loopback port and stops at exit. Each
 * caller of {@link #newDatabase()} gets a fresh, empty database. Never skips: without PostgreSQL
 * it fails and says how to install it.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "FIREBREAK_TEST_PG_URL";
    private static final String INSTALL_HINT = "PostgreSQL is needed for this test: run .ci/run, or install it "
            + "(apt-get install postgresql-15) so the test can start a throwaway server, or set "
            + URL_VARIABLE + " (with FIREBREAK_TEST_PG_USER / FIREBREAK_TEST_PG_PASSWORD) to a server it may create databases on";

    private static TestPostgres instance;

    private final String adminUrl;
    private final String user;
    private final String password;

    private TestPostgres(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            String url = System.getenv(URL_VARIABLE);
            if (url != null && !url.isBlank()) {
                instance = new TestPostgres(url, env("FIREBREAK_TEST_PG_USER", "postgres"), env("FIREBREAK_TEST_PG_PASSWORD", ""));
            } else {
                instance = startThrowaway();
            }
        }
        return instance;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A new empty database on the server, as Firebreak storage settings. */
    public StorageConfig newDatabase() {
        String name = "it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminUrl + ". " + INSTALL_HINT, e);
        }
        return new StorageConfig(urlFor(name), user, new Secret(password), 8);
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String urlFor(String name) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        String base = slash < 0 ? adminUrl : adminUrl.substring(0, slash);
        return base + "/" + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private static TestPostgres startThrowaway() {
        Path bin = findBin();
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("firebreak-pg");
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chmod", "755", dir.toString()));
                run(List.of("chown", "postgres:postgres", data.toString()));
            }
            run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
            run(asPostgres(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                    "-w", "-t", "30", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + data
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"));
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pid, dir)));
            return new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL. " + INSTALL_HINT, e);
        }
    }

    private static Path findBin() {
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

    private static List<String> asPostgres(boolean root, String... command) {
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

    private static void stop(long pid, Path dir) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is not worth failing the build for
        }
    }
}
