package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.recovery.Freshness;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import io.firebreak.server.testing.MutableClock;
import io.firebreak.server.testing.PostgresServer;
import io.firebreak.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup freshness against the RPO on a real PostgreSQL store, and WAL-archive freshness read from a real server. */
class BackupFreshnessPostgresIT {
    @TempDir
    Path dir;

    private LoadedConfig load(String yaml) throws Exception {
        Path file = dir.resolve("firebreak.yml");
        Files.writeString(file, yaml);
        var result = new ConfigLoader(name -> null, dir).loadFile(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigLoader.Result.Loaded.class);
        return ((ConfigLoader.Result.Loaded) result).config();
    }

    @Test
    void aStaleBackupFileOpensAnIncidentAndAFreshOneResolvesIt_whileBrokenSourcesAreUnhealthyAndTheLoopCarriesOn() throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        LoadedConfig config = load("""
                tiers:
                  - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                  - {tier: 3, name: medium, rto: 24h, rpo: 24h}
                services:
                  - {name: agente-api, tier: 1}
                backups:
                  - name: broken-command
                    tier: 3
                    source: {type: command, command: ["sh", "-c", "echo oops >&2; exit 3"]}
                  - name: agente-db
                    service: agente-api
                    source: {type: file, path: backups/*.dump}
                  - name: silent-command
                    tier: 3
                    source: {type: command, command: ["echo", "all good"]}
                  - name: nothing-there
                    tier: 3
                    source: {type: file, path: missing/*.dump}
                """);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
        try (Database database = Database.open(TestPostgres.get().newDatabase())) {
            IncidentStore incidents = new IncidentStore(database);
            DetectionStore store = new DetectionStore(database, incidents);
            var module = new BackupFreshnessModule(BackupTargets.from(config.config()), Recovery.probe(config), store, new io.firebreak.server.store.RecoveryStore(database),
                    new Leadership(new Leases(database), BackupFreshnessModule.MODULE, "test", Leadership.MAX_TTL),
                    BackupFreshnessModule.INTERVAL);

            Path old = backups.resolve("agente-20261129T1140.dump");
            Files.writeString(old, "dump");
            Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(Duration.ofMinutes(20))));

            List<IncidentChange> first = module.runDue(clock.instant());
            Map<String, IncidentChange> byBackup = first.stream()
                    .collect(Collectors.toMap(c -> c.incident().labels().get("backup"), c -> c));
            assertThat(byBackup).containsOnlyKeys("agente-db", "broken-command", "silent-command", "nothing-there");
            Incident stale = byBackup.get("agente-db").incident();
            assertThat(stale.title()).isEqualTo("Backup agente-db is 20m old, RPO 15m");
            assertThat(stale.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(module.latest().get("agente-db").state()).isEqualTo(Freshness.State.STALE);
            assertThat(module.latest().get("broken-command").state()).isEqualTo(Freshness.State.UNHEALTHY);
            assertThat(module.latest().get("broken-command").detail()).isEqualTo("command exited with 3: oops");
            assertThat(module.latest().get("silent-command").detail()).isEqualTo("command printed no timestamp: all good");
            assertThat(module.latest().get("nothing-there").detail()).contains("no file matches missing/*.dump");
            assertThat(byBackup.get("nothing-there").incident().severity()).isEqualTo(Severity.MEDIUM);

            clock.advance(Duration.ofSeconds(30));
            assertThat(module.runDue(clock.instant())).as("not due again within the interval").isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(module.runDue(clock.instant())).as("still stale: the open incident is not opened twice").isEmpty();

            Path fresh = backups.resolve("agente-20261129T1200.dump");
            Files.writeString(fresh, "dump");
            Files.setLastModifiedTime(fresh, FileTime.from(clock.instant().minus(Duration.ofMinutes(1))));
            clock.advance(Duration.ofMinutes(1));
            List<IncidentChange> second = module.runDue(clock.instant());
            assertThat(second).singleElement().satisfies(change -> {
                assertThat(change.kind()).isEqualTo(IncidentChange.Kind.RESOLVED);
                assertThat(change.incident().id()).isEqualTo(stale.id());
            });
            assertThat(incidents.timeline(stale.id())).anySatisfy(event ->
                    assertThat(event.toString()).contains("Backup agente-db is fresh again (2m old, RPO 15m)"));
            assertThat(module.latest().get("agente-db").state()).isEqualTo(Freshness.State.FRESH);
        }
    }

    @Test
    void theNameTimestampCanStandForTheModificationTime() throws Exception {
        Path backups = Files.createDirectories(dir.resolve("named"));
        Files.writeString(backups.resolve("db-2026-11-29_03-00.dump"), "x");
        Files.writeString(backups.resolve("db-2026-11-28_03-00.dump"), "x");
        LoadedConfig config = load("""
                backups:
                  - name: db
                    rpo: 1d
                    source: {type: file, path: named/db-*.dump, name_time: true}
                """);
        var target = BackupTargets.from(config.config()).find("db").orElseThrow();
        Freshness freshness = Recovery.probe(config).check(target, Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(freshness.state()).isEqualTo(Freshness.State.FRESH);
        assertThat(freshness.newest()).contains(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(Recovery.probe(config).check(target, Instant.parse("2026-11-30T03:00:01Z")).state()).isEqualTo(Freshness.State.STALE);
    }

    @Test
    void walArchiveFreshnessIsReadFromARealPostgresWithArchiving() throws Exception {
        Path archive = Files.createTempDirectory("firebreak-wal-archive");
        Files.setPosixFilePermissions(archive, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (PostgresServer server = PostgresServer.start(List.of("wal_level = replica", "archive_mode = on",
                "archive_command = 'cp %p " + archive + "/%f'"))) {
            LoadedConfig config = load("""
                    tiers:
                      - {tier: 1, name: critical, rto: 1h, rpo: 15m}
                    backups:
                      - name: firebreak-wal
                        tier: 1
                        source: {type: postgres_wal, url: "%s", username: postgres}
                    """.formatted(server.adminUrl()));
            var target = BackupTargets.from(config.config()).find("firebreak-wal").orElseThrow();
            BackupProbe probe = Recovery.probe(config);
            Freshness before = probe.check(target, Instant.now());
            assertThat(before.state()).isEqualTo(Freshness.State.UNHEALTHY);
            assertThat(before.detail()).startsWith("nothing archived yet");

            try (var connection = DriverManager.getConnection(server.adminUrl(), "postgres", "");
                 var statement = connection.createStatement()) {
                statement.execute("create table t(x int)");
                statement.execute("insert into t select generate_series(1, 1000)");
                statement.execute("select pg_switch_wal()");
            }
            Instant deadline = Instant.now().plusSeconds(30);
            Freshness after = probe.check(target, Instant.now());
            while (after.state() != Freshness.State.FRESH && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                after = probe.check(target, Instant.now());
            }
            assertThat(after.state()).as(after.detail()).isEqualTo(Freshness.State.FRESH);
            assertThat(after.detail()).startsWith("last archived 0000000");
            try (var files = Files.list(archive)) {
                assertThat(files.count()).isPositive();
            }
            Instant archived = after.newest().orElseThrow();
            assertThat(probe.check(target, archived.plus(Duration.ofMinutes(16))).state()).isEqualTo(Freshness.State.STALE);
        } finally {
            try (var walk = Files.walk(archive)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

}
