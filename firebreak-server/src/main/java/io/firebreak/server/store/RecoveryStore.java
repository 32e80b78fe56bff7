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
 * What happened to the recovery objectives: verified restores with their measured duration. The objectives
 * themselves (tiers, backups) live in the YAML.
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
