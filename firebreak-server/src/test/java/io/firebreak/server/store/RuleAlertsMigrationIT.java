package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Fingerprint;
import io.firebreak.core.rule.RuleState;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V0018 moves the alerts of a store written before it (one rule_instances row per alert) into one
 * alert set per rule and its incident links, on SQLite and on PostgreSQL: after the upgrade the
 * engine loads the same alerts (timers, states, values, labels with quotes and newlines) with the
 * same incident of each alert.
 */
class RuleAlertsMigrationIT {
    static final Instant ACTIVE = Instant.parse("2026-11-28T03:00:00Z");
    static final Instant FIRED = ACTIVE.plusSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sqliteStoreBeforeV0018KeepsItsAlerts() throws Exception {
        upgradeKeepsAlerts(new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null));
    }

    @Test
    void postgresqlStoreBeforeV0018KeepsItsAlerts() throws Exception {
        upgradeKeepsAlerts(TestPostgres.get().newDatabase());
    }

    void upgradeKeepsAlerts(StorageConfig storage) throws Exception {
        String password = storage.password() == null ? "" : storage.password().value();
        Flyway.configure().dataSource(storage.url(), storage.username() == null ? "" : storage.username(), password)
                .locations("classpath:db/migration").target("17").load().migrate();
        Map<String, String> quoted = Map.of("alertname", "disk_full", "path", "/var/\"log\"\nmain", "instance", "a:1");
        Map<String, String> plain = Map.of("alertname", "disk_full", "instance", "b:1");
        Map<String, String> pending = Map.of("alertname", "latency", "instance", "c:1");
        Jdbi.create(storage.url(), storage.username() == null ? "" : storage.username(), password).useHandle(handle -> {
            var insert = handle.prepareBatch("""
                    INSERT INTO rule_instances (rule, fingerprint, labels, state, active_since, fired_at, keep_firing_since, value, incident_id)
                    VALUES (:rule, :fingerprint, :labels, :state, :active, :fired, :keep, :value, :incident)""");
            insert.bind("rule", "disk_full").bind("fingerprint", Fingerprint.of(quoted))
                    .bind("labels", "{\"alertname\":\"disk_full\",\"instance\":\"a:1\",\"path\":\"/var/\\\"log\\\"\\nmain\"}")
                    .bind("state", "FIRING").bind("active", ACTIVE.toEpochMilli()).bind("fired", FIRED.toEpochMilli())
                    .bind("keep", FIRED.plusSeconds(30).toEpochMilli()).bind("value", "NaN").bind("incident", "INC-20261128-0001").add();
            insert.bind("rule", "disk_full").bind("fingerprint", Fingerprint.of(plain))
                    .bind("labels", "{\"alertname\":\"disk_full\",\"instance\":\"b:1\"}")
                    .bind("state", "FIRING").bind("active", ACTIVE.toEpochMilli()).bind("fired", FIRED.toEpochMilli())
                    .bind("keep", (Long) null).bind("value", "97.5").bind("incident", "INC-20261128-0001").add();
            insert.bind("rule", "latency").bind("fingerprint", Fingerprint.of(pending))
                    .bind("labels", "{\"alertname\":\"latency\",\"instance\":\"c:1\"}")
                    .bind("state", "PENDING").bind("active", ACTIVE.toEpochMilli()).bind("fired", (Long) null)
                    .bind("keep", (Long) null).bind("value", "0.25").bind("incident", (String) null).add();
            insert.execute();
        });

        try (Database database = Database.open(storage)) {
            Map<String, RuleState> states = new DetectionStore(database).loadStates();

            assertThat(states).containsOnlyKeys("disk_full", "latency");
            assertThat(states.get("disk_full").instances()).containsOnlyKeys(Fingerprint.of(quoted), Fingerprint.of(plain));
            assertThat(states.get("disk_full").instances().get(Fingerprint.of(quoted))).isEqualTo(new AlertInstance(
                    Fingerprint.of(quoted), quoted, AlertState.FIRING, ACTIVE, FIRED, FIRED.plusSeconds(30), Double.NaN));
            assertThat(states.get("disk_full").instances().get(Fingerprint.of(plain))).isEqualTo(new AlertInstance(
                    Fingerprint.of(plain), plain, AlertState.FIRING, ACTIVE, FIRED, null, 97.5));
            assertThat(states.get("latency").instances().values()).containsExactly(new AlertInstance(
                    Fingerprint.of(pending), pending, AlertState.PENDING, ACTIVE, null, null, 0.25));
            var store = new DetectionStore(database);
            String stored = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT alerts FROM rule_alerts WHERE rule = 'disk_full'").mapTo(String.class).one());
            Map<String, String> links = DetectionStore.alertSet("disk_full", stored).links();
            assertThat(links).containsOnly(Map.entry(Fingerprint.of(quoted), "INC-20261128-0001"),
                    Map.entry(Fingerprint.of(plain), "INC-20261128-0001"));
            java.util.List<String> incidents = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT rule || ' ' || incident_id FROM rule_incidents").mapTo(String.class).list());
            assertThat(incidents).containsExactly("disk_full INC-20261128-0001");
            assertThat(store.loadStates()).isEqualTo(states);
        }
    }
}
