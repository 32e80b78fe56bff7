package io.firebreak.server.store;

import io.firebreak.core.incident.IncidentStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Deletes incidents resolved long ago with everything that refers to them, a small batch per
 * transaction, so a store that has run for years stays the size its retention says without one
 * long lock. An incident is pruned when it is resolved (or in post-mortem, or closed), was resolved
 * before the cutoff, and nothing still works on it: no firing alert or rule instance points at it,
 * no notification of it waits to be sent, no post-mortem of it is unpublished and no action item
 * of it is open. Those are left for a later pass.
 *
 * <p>{@link #REFERENCING} lists every table with an {@code incident_id} column; a new one must be
 * added there (RetentionIT checks the schema against it), or the incident's delete would fail on
 * its foreign key, or leave rows pointing nowhere.
 */
public final class RetentionStore {
    /** Tables whose rows belong to one incident, deleted with it, children before parents. */
    static final List<String> REFERENCING = List.of("incident_events", "alerts", "rule_incidents", "escalation_state",
            "incident_time_log", "incident_rto_marks", "recovery_steps", "action_items", "postmortems", "outbox");

    private final Jdbi jdbi;

    public RetentionStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /**
     * Deletes at most {@code batch} incidents resolved before {@code cutoff}, oldest first, in one
     * transaction that first checks {@code fence}; returns how many went.
     *
     * @throws LeaseLostException when the fence no longer holds (nothing is deleted)
     */
    public int prune(Instant cutoff, int batch, Fence fence) {
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, "pruned incidents");
                List<String> ids = candidates(handle, cutoff, batch);
                if (ids.isEmpty()) {
                    return 0;
                }
                handle.createUpdate("DELETE FROM outbox_attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE incident_id IN (<ids>))")
                        .bindList("ids", ids).execute();
                for (String table : REFERENCING) {
                    handle.createUpdate("DELETE FROM " + table + " WHERE incident_id IN (<ids>)").bindList("ids", ids).execute();
                }
                return handle.createUpdate("DELETE FROM incidents WHERE id IN (<ids>)").bindList("ids", ids).execute();
            });
        } catch (LeaseLostException e) {
            throw e;
        } catch (JdbiException e) {
            throw new StoreException("prune incidents resolved before " + cutoff, e);
        }
    }

    /**
     * The oldest prunable incidents. Resolution follows detection, so {@code detected < cutoff} is
     * implied by {@code resolved < cutoff}; stating it lets the (status, detected, id) index bound
     * the scan to incidents detected before the cutoff (V0014).
     */
    private static List<String> candidates(Handle handle, Instant cutoff, int batch) {
        return handle.createQuery("""
                        SELECT id FROM incidents
                        WHERE status IN (<done>) AND detected < :cutoff AND resolved < :cutoff
                          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = incidents.id AND a.state = 'firing')
                          AND NOT EXISTS (SELECT 1 FROM rule_incidents r WHERE r.incident_id = incidents.id)
                          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.incident_id = incidents.id AND o.state IN ('pending', 'held'))
                          AND NOT EXISTS (SELECT 1 FROM postmortems p WHERE p.incident_id = incidents.id AND p.state <> 'PUBLISHED')
                          AND NOT EXISTS (SELECT 1 FROM action_items x WHERE x.incident_id = incidents.id AND x.status = 'OPEN')
                        ORDER BY detected, id
                        LIMIT :batch""")
                .bindList("done", Arrays.stream(IncidentStatus.values()).filter(status -> !status.isOpen()).map(Enum::name).toList())
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("batch", batch)
                .mapTo(String.class)
                .list();
    }
}
