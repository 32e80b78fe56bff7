package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#openForCommand}: a store at the current schema opens without Flyway, a store that
 * is behind (or new) is migrated as {@link Database#open} would, and the one connection serves
 * nested handles.
 */
class OpenForCommandIT {
    @TempDir
    Path dir;

    private StorageConfig sqlite() {
        return new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), "", new Secret(""), 2);
    }

    private static List<String> history(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT script || ':' || checksum || ':' || success FROM flyway_schema_history ORDER BY installed_rank").mapTo(String.class).list());
    }

    @Test
    void aCurrentSchemaOpensWithoutFlyway() {
        List<String> migrated;
        try (Database database = Database.open(sqlite())) {
            migrated = history(database);
        }
        // Flyway validates checksums before it migrates: with one changed, Flyway refuses the store.
        // openForCommand opening it anyway shows that Flyway did not run.
        try (Database database = Database.openForCommand(sqlite())) {
            database.jdbi().useHandle(handle -> handle.execute(
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE script = 'V0001__incidents.sql'"));
        }
        assertThatThrownBy(() -> Database.open(sqlite()).close())
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot migrate");
        try (Database database = Database.openForCommand(sqlite())) {
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).isEmpty();
            assertThat(database.ready()).isEmpty();
            assertThat(history(database)).hasSameSizeAs(migrated);
        }
    }

    @Test
    void aNewStoreIsMigrated() {
        try (Database database = Database.openForCommand(sqlite())) {
            assertThat(history(database)).hasSize(Migrations.shipped(getClass().getClassLoader()).orElseThrow().size())
                    .allMatch(row -> row.endsWith(":1"));
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).isEmpty();
        }
    }

    @Test
    void aStoreBehindIsMigratedToTheEnd() {
        var storage = sqlite();
        Flyway.configure().dataSource(storage.url(), "", "").locations("classpath:db/migration").target("3").load().migrate();
        try (Database database = Database.openForCommand(storage)) {
            List<String> rows = history(database);
            assertThat(rows).hasSize(Migrations.shipped(getClass().getClassLoader()).orElseThrow().size());
            String newest = Migrations.shipped(getClass().getClassLoader()).orElseThrow().stream().max(String::compareTo).orElseThrow();
            assertThat(rows.get(rows.size() - 1)).startsWith(newest + ":");
            // tables of the later migrations exist and work
            assertThat(new Leases(database).instances()).isEmpty();
        }
    }

    @Test
    void nestedHandlesGetTheirOwnConnection() {
        try (Database database = Database.openForCommand(sqlite())) {
            int answer = database.jdbi().withHandle(outer -> {
                outer.begin();
                outer.execute("INSERT INTO leases (module, holder, token, expires, renewed) VALUES ('m', 'h', 1, 0, 0)");
                outer.commit();
                return database.jdbi().withHandle(inner -> inner.createQuery("SELECT COUNT(*) FROM leases").mapTo(Integer.class).one());
            });
            assertThat(answer).isEqualTo(1);
            // the lent connection came back clean: a later handle still reads and writes
            database.jdbi().useTransaction(handle -> handle.execute("DELETE FROM leases"));
            assertThat(new Leases(database).list()).isEmpty();
        }
    }

    @Test
    void unreachablePostgresNamesTheUrlButNotThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var storage = new StorageConfig("jdbc:postgresql://127.0.0.1:" + port + "/firebreak?password=hunter2hunter2",
                "firebreak", new Secret("s3cr3t-pass"), 2);
        assertThatThrownBy(() -> Database.openForCommand(storage))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("cannot reach the database at jdbc:postgresql://127.0.0.1:" + port + "/firebreak?password=<secret>")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cr3t-pass");
    }
}
