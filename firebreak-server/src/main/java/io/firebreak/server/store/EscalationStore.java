package io.firebreak.server.store;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.escalation.EscalationState;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Escalation state per incident, and the one write of an escalation step: the incident change with
 * its timeline events (pages, escalations, pages to nobody), the new state and the page rows of the
 * outbox, in one transaction. Deciding happens inside it, on the incident as it is under its row
 * lock, so an acknowledgement that lands first always wins over a page decided a moment before.
 */
public final class EscalationStore {
    /** Events that count as progress on an incident: a status change or a note (its opening when none yet). */
    static final List<String> PROGRESS = List.of(EventType.OPENED.name(), EventType.ACKNOWLEDGED.name(),
            EventType.STATUS_CHANGED.name(), EventType.REOPENED.name(), EventType.RESOLVED.name(), EventType.NOTE.name());

    private final Jdbi jdbi;
    private final IncidentStore incidents;

    public EscalationStore(Database database, IncidentStore incidents) {
        this.jdbi = database.jdbi();
        this.incidents = incidents;
    }

    /** An open incident with what escalation needs to decide about it. */
    public record Current(Incident incident, Optional<EscalationState> state, Instant lastProgress) {}

    /** One page row: to {@code channel}, for the timeline event at {@code eventIndex} of the change, for {@code recipient}. */
    public record PageRow(int eventIndex, String channel, Optional<Contact> recipient) {}

    /** What to write for one incident: the change (with at least one event), the state after it, the page rows. */
    public record Plan(Change.Applied change, EscalationState state, List<PageRow> pages) {
        public Plan {
            pages = List.copyOf(pages);
        }
    }

    /** Decides, inside the writing transaction, what to write for an incident as it is now; empty: nothing. */
    @FunctionalInterface
    public interface Planner {
        Optional<Plan> plan(Current current);
    }

    /** What {@link #apply} wrote for one incident. */
    public record Written(Incident incident, List<IncidentEvent> events, int rowsQueued) {}

    /** Every open incident with its state and last progress: three queries, whatever the number of incidents. */
    public List<Current> open() {
        try {
            return jdbi.withHandle(handle -> {
                List<String> open = openStatuses();
                List<Incident> incidentsNow = handle.createQuery("SELECT * FROM incidents WHERE status IN (<open>)")
                        .bindList("open", open).map((rs, ctx) -> IncidentStore.incident(rs)).list();
                Map<String, EscalationState> states = new HashMap<>();
                handle.createQuery("""
                                SELECT s.* FROM escalation_state s JOIN incidents i ON i.id = s.incident_id
                                WHERE i.status IN (<open>)""")
                        .bindList("open", open)
                        .map((rs, ctx) -> Map.entry(rs.getString("incident_id"), state(rs)))
                        .forEach(entry -> states.put(entry.getKey(), entry.getValue()));
                Map<String, Instant> progress = new HashMap<>();
                handle.createQuery("""
                                SELECT e.incident_id, MAX(e.occurred_at) FROM incident_events e JOIN incidents i ON i.id = e.incident_id
                                WHERE i.status IN (<open>) AND e.type IN (<progress>) GROUP BY e.incident_id""")
                        .bindList("open", open)
                        .bindList("progress", PROGRESS)
                        .map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                        .forEach(entry -> progress.put(entry.getKey(), entry.getValue()));
                List<Current> current = new ArrayList<>(incidentsNow.size());
                for (Incident incident : incidentsNow) {
                    current.add(new Current(incident, Optional.ofNullable(states.get(incident.id())),
                            progress.getOrDefault(incident.id(), incident.detected())));
                }
                return current;
            });
        } catch (JdbiException e) {
            throw new StoreException("load open incidents for escalation", e);
        }
    }

    /** The stored state of one incident's escalation. */
    public Optional<EscalationState> state(String incidentId) {
        try {
            return jdbi.withHandle(handle -> state(handle, incidentId));
        } catch (JdbiException e) {
            throw new StoreException("load escalation state of " + incidentId, e);
        }
    }

    /**
     * For each of {@code ids}, in one transaction behind {@code fence}: takes the incident's row lock,
     * loads it with its state and progress, asks {@code planner}, and writes what it returns.
     *
     * @return what was written, per incident that had something to write
     */
    public Map<String, Written> apply(List<String> ids, Fence fence, Planner planner) {
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, "escalation of " + ids.size() + " incident(s)");
                Map<String, Written> written = new LinkedHashMap<>();
                for (String id : ids) {
                    apply(handle, id, planner).ifPresent(w -> written.put(id, w));
                }
                return written;
            });
        } catch (JdbiException e) {
            throw new StoreException("write escalation of " + ids.size() + " incident(s)", e);
        }
    }

    private Optional<Written> apply(Handle handle, String id, Planner planner) {
        Plan[] chosen = new Plan[1];
        Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, id, incident -> {
            Current current = new Current(incident, state(handle, id), lastProgress(handle, incident));
            Optional<Plan> plan = planner.plan(current);
            if (plan.isEmpty()) {
                return new Change.Rejected("nothing to do");
            }
            chosen[0] = plan.get();
            return plan.get().change();
        });
        if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
            return Optional.empty();   // nothing to do, gone, or changed under us: the next cycle decides again
        }
        Plan plan = chosen[0];
        writeState(handle, id, plan.state(), plan.change().events().get(0).at());
        int queued = 0;
        for (PageRow page : plan.pages()) {
            IncidentEvent event = updated.events().get(page.eventIndex());
            if (incidents.outbox().enqueuePage(handle, updated.incident(), event, page.channel(), page.recipient())) {
                queued++;
            }
        }
        return Optional.of(new Written(updated.incident(), updated.events(), queued));
    }

    private static Instant lastProgress(Handle handle, Incident incident) {
        return handle.createQuery("SELECT MAX(occurred_at) FROM incident_events WHERE incident_id = :id AND type IN (<progress>)")
                .bind("id", incident.id())
                .bindList("progress", PROGRESS)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli)
                .orElse(incident.detected());
    }

    private static Optional<EscalationState> state(Handle handle, String id) {
        return handle.createQuery("SELECT * FROM escalation_state WHERE incident_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> state(rs))
                .findOne();
    }

    private static void writeState(Handle handle, String id, EscalationState state, Instant at) {
        handle.createUpdate("""
                        INSERT INTO escalation_state (incident_id, policy, step, paged_at, repeats, no_progress_notice,
                            unresolved_notice, updated)
                        VALUES (:id, :policy, :step, :pagedAt, :repeats, :noProgress, :unresolved, :updated)
                        ON CONFLICT (incident_id) DO UPDATE SET policy = :policy, step = :step, paged_at = :pagedAt,
                            repeats = :repeats, no_progress_notice = :noProgress, unresolved_notice = :unresolved,
                            updated = :updated""")
                .bind("id", id)
                .bind("policy", state.policy())
                .bind("step", state.step())
                .bind("pagedAt", state.pagedAt().toEpochMilli())
                .bind("repeats", state.repeats())
                .bind("noProgress", state.noProgressNoticeFor().map(Instant::toEpochMilli).orElse(null))
                .bind("unresolved", state.unresolvedNoticeSent() ? 1 : 0)
                .bind("updated", at.toEpochMilli())
                .execute();
    }

    private static EscalationState state(ResultSet rs) throws SQLException {
        long noProgress = rs.getLong("no_progress_notice");
        Optional<Instant> notice = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(noProgress));
        return new EscalationState(rs.getString("policy"), rs.getInt("step"), Instant.ofEpochMilli(rs.getLong("paged_at")),
                rs.getInt("repeats"), notice, rs.getInt("unresolved_notice") == 1);
    }

    private static List<String> openStatuses() {
        return Arrays.stream(IncidentStatus.values()).filter(IncidentStatus::isOpen).map(Enum::name).toList();
    }
}
