package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * What happened to the recovery objectives: verified restores with their measured duration, and the last
 * reading of each backup source (by whichever instance leads backup freshness). The objectives themselves
 * (tiers, backups) live in the YAML.
 */
public final class RecoveryStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public RecoveryStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** One check of a verified restore: the query, what was expected, what it returned. */
    public record CheckOutcome(String sql, String expect, String actual, boolean passed) {}

    /**
     * One restore verification.
     *
     * @param duration the restore and the checks, measured: the component's recovery time beside its RTO
     * @param reason   why it failed (empty when it passed)
     */
    public record Verification(String id, String backup, Instant started, Duration duration, boolean passed, String reason,
                               String file, List<CheckOutcome> checks, String trigger) {
        public Verification {
            checks = List.copyOf(checks);
        }
    }

    /** Records a verification and returns it with its id. */
    public Verification recordVerification(String backup, Instant started, Duration duration, boolean passed, String reason, String file,
                                           List<CheckOutcome> checks, String trigger) {
        Verification verification = new Verification(newId("VER-"), backup, started, duration, passed, reason, file, checks, trigger);
        try {
            String json = JSON.writeValueAsString(checks);
            jdbi.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO recovery_verifications (id, backup, started, duration_ms, passed, reason, file, checks, trigger_kind)
                    VALUES (:id, :backup, :started, :duration, :passed, :reason, :file, :checks, :trigger)""")
                    .bind("id", verification.id()).bind("backup", backup).bind("started", started.toEpochMilli())
                    .bind("duration", duration.toMillis()).bind("passed", passed ? 1 : 0).bind("reason", reason).bind("file", file)
                    .bind("checks", json).bind("trigger", trigger).execute());
            return verification;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write check outcomes", e);
        } catch (JdbiException e) {
            throw new StoreException("record the verification of " + backup, e);
        }
    }

    /** The verifications of a backup (or all), newest first. */
    public List<Verification> verifications(Optional<String> backup, int limit) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT id, backup, started, duration_ms, passed, reason, file, checks, trigger_kind"
                            + " FROM recovery_verifications" + (backup.isPresent() ? " WHERE backup = :backup" : "")
                            + " ORDER BY started DESC, id LIMIT :limit")
                    .bind("backup", backup.orElse("")).bind("limit", limit)
                    .map((row, context) -> new Verification(row.getString("id"), row.getString("backup"),
                            Instant.ofEpochMilli(row.getLong("started")), Duration.ofMillis(row.getLong("duration_ms")),
                            row.getInt("passed") == 1, row.getString("reason"), row.getString("file"), checks(row.getString("checks")),
                            row.getString("trigger_kind")))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list verifications", e);
        }
    }

    /** A backup's freshness as the leader of backup freshness measured it, and who that was. */
    public record Reading(String backup, io.firebreak.core.recovery.Freshness freshness, Instant measuredAt, String measuredBy) {}

    /** Replaces the stored readings of the backups in {@code readings}, behind the freshness leader's fence. */
    public void recordReadings(java.util.Map<String, io.firebreak.core.recovery.Freshness> readings, Instant now, String instance, Fence fence) {
        try {
            jdbi.useTransaction(handle -> {
                fence.check(handle, "backup readings");
                var batch = handle.prepareBatch("""
                        INSERT INTO backup_readings (backup, state, newest, rpo_ms, detail, measured_at, measured_by)
                        VALUES (:backup, :state, :newest, :rpo, :detail, :at, :by)
                        ON CONFLICT (backup) DO UPDATE SET state = excluded.state, newest = excluded.newest, rpo_ms = excluded.rpo_ms,
                            detail = excluded.detail, measured_at = excluded.measured_at, measured_by = excluded.measured_by""");
                readings.forEach((backup, freshness) -> batch.bind("backup", backup)
                        .bind("state", freshness.state().name().toLowerCase(java.util.Locale.ROOT))
                        .bind("newest", freshness.newest().map(Instant::toEpochMilli).orElse(null))
                        .bind("rpo", freshness.rpo().toMillis()).bind("detail", freshness.detail())
                        .bind("at", now.toEpochMilli()).bind("by", instance).add());
                if (!readings.isEmpty()) {
                    batch.execute();
                }
            });
        } catch (JdbiException e) {
            throw new StoreException("record backup readings", e);
        }
    }

    /** The stored reading of every backup that has one, by name. */
    public java.util.Map<String, Reading> readings() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT backup, state, newest, rpo_ms, detail, measured_at, measured_by FROM backup_readings ORDER BY backup")
                    .map((row, context) -> new Reading(row.getString("backup"), new io.firebreak.core.recovery.Freshness(
                            io.firebreak.core.recovery.Freshness.State.valueOf(row.getString("state").toUpperCase(java.util.Locale.ROOT)),
                            ChecklistStore.nullableMillis(row, "newest").map(Instant::ofEpochMilli), Duration.ofMillis(row.getLong("rpo_ms")),
                            row.getString("detail")), Instant.ofEpochMilli(row.getLong("measured_at")), row.getString("measured_by")))
                    .list().stream().collect(java.util.stream.Collectors.toMap(Reading::backup, r -> r, (a, b) -> a,
                            java.util.LinkedHashMap::new)));
        } catch (JdbiException e) {
            throw new StoreException("load backup readings", e);
        }
    }

    private static List<CheckOutcome> checks(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<CheckOutcome>>() {});
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
