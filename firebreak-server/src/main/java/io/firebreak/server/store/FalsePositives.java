package io.firebreak.server.store;

import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The false-positive flag of incidents: set by whoever resolves an incident that was never a
 * real problem, and counted by the report's false-positive rate (the seed's target is under 5 %).
 * It is a column of the incident's row, not part of the {@code Incident} record, because nothing
 * in the incident's lifecycle depends on it.
 */
public final class FalsePositives {
    private final Jdbi jdbi;

    public FalsePositives(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Sets or clears the flag; false when there is no such incident. */
    public boolean mark(String incidentId, boolean falsePositive) {
        try {
            return jdbi.withHandle(handle -> mark(handle, incidentId, falsePositive));
        } catch (JdbiException e) {
            throw new StoreException("mark " + incidentId + " as a false positive", e);
        }
    }

    /** {@link #mark(String, boolean)} in the caller's transaction. */
    static boolean mark(org.jdbi.v3.core.Handle handle, String incidentId, boolean falsePositive) {
        return handle.createUpdate("UPDATE incidents SET false_positive = :flag WHERE id = :id")
                .bind("flag", falsePositive ? 1 : 0).bind("id", incidentId).execute() == 1;
    }

    /** The ids of every incident flagged as a false positive. */
    public Set<String> flagged() {
        try {
            return jdbi.withHandle(handle -> Set.copyOf(handle.createQuery("SELECT id FROM incidents WHERE false_positive = 1")
                    .mapTo(String.class).list()));
        } catch (JdbiException e) {
            throw new StoreException("list false positives", e);
        }
    }

    /**
     * The ids of the incidents flagged as false positives among those detected at or after
     * {@code from}: what a report of its periods asks. V0019's partial index holds only flagged
     * incidents, so this reads a few index entries instead of scanning every incident ever stored.
     */
    public Set<String> flagged(java.time.Instant from) {
        try {
            return jdbi.withHandle(handle -> Set.copyOf(handle.createQuery(
                            "SELECT id FROM incidents WHERE detected >= :from AND false_positive = 1")
                    .bind("from", from.toEpochMilli()).mapTo(String.class).list()));
        } catch (JdbiException e) {
            throw new StoreException("list false positives", e);
        }
    }
}
