package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.RecoveryStore;
import io.firebreak.server.testing.PostgresServer;
import io.firebreak.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup verify} with a real {@code pg_dump} restored by {@code pg_restore} into a scratch database:
 * the counts and freshness checks pass; a truncated dump fails with pg_restore's own reason; the scratch
 * database is dropped either way.
 */
class BackupVerifyPostgresIT {
    @TempDir
    Path dir;

    @Test
    void aRealDumpRestoresIntoAScratchDatabaseAndATruncatedOneFailsWithItsReason() throws Exception {
        try (PostgresServer server = PostgresServer.start();
             Database store = Database.open(TestPostgres.get().newDatabase())) {
            String port = server.adminUrl().replaceAll(".*:(\\d+)/.*", "$1");
            String bin = server.bin().toString();
            try (var connection = DriverManager.getConnection(server.adminUrl(), "postgres", "");
                 var statement = connection.createStatement()) {
                statement.execute("create database agente");
            }
            String agente = server.adminUrl().replace("/postgres", "/agente");
            Instant newestRow = Instant.now().minusSeconds(120);
            try (var connection = DriverManager.getConnection(agente, "postgres", "");
                 var statement = connection.createStatement()) {
                statement.execute("create table sessions (id int primary key, created_at timestamptz not null)");
                statement.execute("insert into sessions select g, to_timestamp(" + newestRow.getEpochSecond() + ") - make_interval(mins => g)"
                        + " from generate_series(0, 499) g");
            }
            Path backups = Files.createDirectories(dir.resolve("backups"));
            Path dump = backups.resolve("agente-1.dump");
            ProcessRun dumped = ProcessRun.run(List.of(bin + "/pg_dump", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-Fc",
                    "-f", dump.toString(), "agente"), java.util.Map.of(), dir, java.time.Duration.ofSeconds(60));
            assertThat(dumped.succeeded()).as(dumped.failure("pg_dump")).isTrue();

            Files.writeString(dir.resolve("firebreak.yml"), """
                    tiers:
                      - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                    backups:
                      - name: agente-db
                        tier: 1
                        source: {type: file, path: backups/*.dump}
                        verify:
                          restore: ["sh", "-c", "BIN/createdb -h 127.0.0.1 -p PORT -U postgres scratch && BIN/pg_restore -h 127.0.0.1 -p PORT -U postgres --no-owner -d scratch \\"$$FIREBREAK_BACKUP_FILE\\""]
                          database: {url: "jdbc:postgresql://127.0.0.1:PORT/scratch", username: postgres}
                          checks:
                            - {sql: "select count(*) from sessions", expect: ">= 500"}
                            - {sql: "select max(created_at) from sessions", expect: "younger than rpo"}
                          cleanup: ["BIN/dropdb", "-h", "127.0.0.1", "-p", "PORT", "-U", "postgres", "--if-exists", "scratch"]
                    """.replace("BIN", bin).replace("PORT", port));
            var loaded = new ConfigLoader(name -> null, dir).loadFile(dir.resolve("firebreak.yml"));
            assertThat(loaded).as(loaded.toString()).isInstanceOf(ConfigLoader.Result.Loaded.class);
            LoadedConfig config = ((ConfigLoader.Result.Loaded) loaded).config();
            var target = BackupTargets.from(config.config()).find("agente-db").orElseThrow();
            RecoveryStore recovery = new RecoveryStore(store);
            BackupVerifier verifier = new BackupVerifier(Recovery.probe(config), recovery, dir, System::nanoTime);

            RecoveryStore.Verification passed = verifier.verify(target, Instant.now(), "manual");
            assertThat(passed.reason()).isEmpty();
            assertThat(passed.passed()).isTrue();
            assertThat(passed.file()).isEqualTo(dump.toString());
            assertThat(passed.duration()).isPositive();
            assertThat(passed.checks()).extracting(RecoveryStore.CheckOutcome::actual).first().isEqualTo("500");
            assertThat(passed.checks()).allMatch(RecoveryStore.CheckOutcome::passed);
            assertThat(databases(server)).doesNotContain("scratch");

            byte[] bytes = Files.readAllBytes(dump);
            Path truncated = backups.resolve("agente-2.dump");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            Files.setLastModifiedTime(truncated, FileTime.from(Instant.now().plusSeconds(5)));
            RecoveryStore.Verification failed = verifier.verify(target, Instant.now(), "manual");
            assertThat(failed.passed()).isFalse();
            assertThat(failed.file()).isEqualTo(truncated.toString());
            assertThat(failed.reason()).startsWith("restore exited with 1: pg_restore: error:");
            assertThat(databases(server)).doesNotContain("scratch");

            assertThat(recovery.verifications(Optional.of("agente-db"), 10)).extracting(RecoveryStore.Verification::passed)
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    private static List<String> databases(PostgresServer server) throws Exception {
        try (var connection = DriverManager.getConnection(server.adminUrl(), "postgres", "");
             var rows = connection.createStatement().executeQuery("select datname from pg_database")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
