package io.firebreak.server.testing;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

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
        PostgresServer server = PostgresServer.start();
        return new TestPostgres(server.adminUrl(), "postgres", "");
    }
}
