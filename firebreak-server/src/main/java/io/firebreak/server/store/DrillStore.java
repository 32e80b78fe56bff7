package io.firebreak.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Runs of the drills of the testing schedule ({@code drills:}), recorded by people or by Firebreak. */
public final class DrillStore {
    private final Jdbi jdbi;

    public DrillStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** One run of a drill. */
    public record Run(String id, String drill, Instant at, boolean passed, Optional<Duration> duration, String note, String recordedBy,
                      String origin) {}

    public Run record(String drill, boolean passed, Optional<Duration> duration, String note, String recordedBy, String origin, Instant now) {
        Run run = new Run(RecoveryStore.newId("DRILL-"), drill, now, passed, duration, note, recordedBy, origin);
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO drill_runs (id, drill, at, result, duration_ms, note, recorded_by, origin)
                            VALUES (:id, :drill, :at, :result, :duration, :note, :by, :origin)""")
                    .bind("id", run.id()).bind("drill", drill).bind("at", now.toEpochMilli()).bind("result", passed ? "pass" : "fail")
                    .bind("duration", duration.map(Duration::toMillis).orElse(null)).bind("note", note).bind("by", recordedBy)
                    .bind("origin", origin).execute());
            return run;
        } catch (JdbiException e) {
            throw new StoreException("record a run of drill " + drill, e);
        }
    }

    /** The last run of a drill (passed only, when {@code passedOnly}). */
    public Optional<Run> last(String drill, boolean passedOnly) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT id, drill, at, result, duration_ms, note, recorded_by, origin FROM drill_runs"
                            + " WHERE drill = :drill" + (passedOnly ? " AND result = 'pass'" : "") + " ORDER BY at DESC, id LIMIT 1")
                    .bind("drill", drill)
                    .map((row, context) -> new Run(row.getString("id"), row.getString("drill"), Instant.ofEpochMilli(row.getLong("at")),
                            row.getString("result").equals("pass"),
                            ChecklistStore.nullableMillis(row, "duration_ms").map(Duration::ofMillis),
                            row.getString("note"), row.getString("recorded_by"), row.getString("origin")))
                    .findOne());
        } catch (JdbiException e) {
            throw new StoreException("load the last run of drill " + drill, e);
        }
    }
}
