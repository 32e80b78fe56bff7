package io.firebreak.server.store;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The RTO marks of incidents: a warning, the breach, and at resolution whether the RTO was met. The primary
 * key (incident, mark) makes a second warning impossible, and the timeline event (which queues the
 * notification through the outbox) is written in the same transaction as the mark.
 */
public final class RtoStore {
    public static final String ACTOR = "firebreak";
    private static final List<String> OPEN = Arrays.stream(IncidentStatus.values()).filter(IncidentStatus::isOpen).map(Enum::name).toList();

    private final Jdbi jdbi;
    private final IncidentStore incidents;

    public RtoStore(Database database, IncidentStore incidents) {
        this.jdbi = database.jdbi();
        this.incidents = incidents;
    }

    /** An incident as the RTO clock sees it. */
    public record Clocked(String id, String service, Instant impactStarted, Optional<Instant> resolved, Set<String> marks) {}

    /** The open incidents with the marks they already have. */
    public List<Clocked> open() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT id, service, impact_started, resolved FROM incidents WHERE status IN (<open>)")
                    .bindList("open", OPEN)
                    .map((row, context) -> new Clocked(row.getString("id"), row.getString("service"),
                            Instant.ofEpochMilli(row.getLong("impact_started")), Optional.empty(), Set.of()))
                    .list().stream().map(incident -> withMarks(handle, incident)).toList());
        } catch (JdbiException e) {
            throw new StoreException("list open incidents for the RTO clock", e);
        }
    }

    /** Incidents resolved since {@code since} that have no met/missed verdict yet. */
    public List<Clocked> resolvedWithoutVerdict(Instant since) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT id, service, impact_started, resolved FROM incidents i
                            WHERE resolved IS NOT NULL AND resolved >= :since
                              AND NOT EXISTS (SELECT 1 FROM incident_rto_marks m WHERE m.incident_id = i.id AND m.mark IN ('met', 'missed'))""")
                    .bind("since", since.toEpochMilli())
                    .map((row, context) -> new Clocked(row.getString("id"), row.getString("service"),
                            Instant.ofEpochMilli(row.getLong("impact_started")), Optional.of(Instant.ofEpochMilli(row.getLong("resolved"))), Set.of()))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("list resolved incidents for the RTO verdict", e);
        }
    }

    private static Clocked withMarks(Handle handle, Clocked incident) {
        Set<String> marks = new HashSet<>(handle.createQuery("SELECT mark FROM incident_rto_marks WHERE incident_id = :id")
                .bind("id", incident.id()).mapTo(String.class).list());
        return new Clocked(incident.id(), incident.service(), incident.impactStarted(), incident.resolved(), Set.copyOf(marks));
    }

    /**
     * One person (or channel) told of an RTO mark directly: a {@code paged} event naming them ({@code who}) and
     * a page on each of {@code channels}; with no channel, a {@code nobody_paged} event says so.
     */
    public record Notice(Optional<Contact> person, List<String> channels, String who) {
        public Notice {
            channels = List.copyOf(channels);
        }
    }

    /** Who to tell of a mark, decided inside the writing transaction from the incident and its escalation step (-1: none). */
    @FunctionalInterface
    public interface Recipients {
        List<Notice> of(Incident incident, OptionalInt escalationStep);
    }

    /**
     * Records {@code mark} for the incident and appends its timeline event (which notifies through the routes),
     * plus one {@code paged} event per recipient with its pages, once: returns the mark's event, or empty when
     * the mark was already recorded, the incident is gone, or the fence refused.
     */
    public Optional<IncidentEvent> mark(String incidentId, String mark, Duration rto, EventType type, String message, Instant now, Fence fence,
                                        Recipients recipients) {
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, "rto " + incidentId);
                if (!insertMark(handle, incidentId, mark, rto, now)) {
                    return Optional.<IncidentEvent>empty();
                }
                OptionalInt step = handle.createQuery("SELECT step FROM escalation_state WHERE incident_id = :id").bind("id", incidentId)
                        .mapTo(Integer.class).findOne().map(OptionalInt::of).orElse(OptionalInt.empty());
                List<Notice> notices = new ArrayList<>();
                Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, incidentId, incident -> {
                    notices.clear();
                    notices.addAll(recipients.of(incident, step));
                    List<IncidentEvent.Draft> drafts = new ArrayList<>();
                    drafts.add(new IncidentEvent.Draft(now, ACTOR, type, null, null, message));
                    for (Notice notice : notices) {
                        drafts.add(notice.channels().isEmpty()
                                ? new IncidentEvent.Draft(now, ACTOR, EventType.NOBODY_PAGED, null, null,
                                        notice.who() + ": no page channel reaches them for: " + message)
                                : new IncidentEvent.Draft(now, ACTOR, EventType.PAGED, null, null,
                                        notice.who() + " via " + String.join(", ", notice.channels()) + ": " + message));
                    }
                    return new Change.Applied(incident, drafts);
                });
                if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
                    handle.rollback();   // the next cycle tries again
                    return Optional.<IncidentEvent>empty();
                }
                for (int i = 0; i < notices.size(); i++) {
                    for (String channel : notices.get(i).channels()) {
                        incidents.outbox().enqueuePage(handle, updated.incident(), updated.events().get(i + 1), channel, notices.get(i).person());
                    }
                }
                return Optional.of(updated.events().getFirst());
            });
        } catch (JdbiException e) {
            throw new StoreException("record RTO mark " + mark + " of " + incidentId, e);
        }
    }

    /** Records whether a resolved incident met its RTO (no timeline event: the incident is over). */
    public boolean verdict(String incidentId, boolean met, Duration rto, Instant now, Fence fence) {
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, "rto verdict " + incidentId);
                return insertMark(handle, incidentId, met ? "met" : "missed", rto, now);
            });
        } catch (JdbiException e) {
            throw new StoreException("record RTO verdict of " + incidentId, e);
        }
    }

    /** Per service, how many resolved incidents met and missed their RTO (for the report's compliance per tier). */
    public List<Verdicts> verdicts(Instant from, Instant to) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT i.service AS service, SUM(CASE WHEN m.mark = 'met' THEN 1 ELSE 0 END) AS met,
                                   SUM(CASE WHEN m.mark = 'missed' THEN 1 ELSE 0 END) AS missed
                            FROM incident_rto_marks m JOIN incidents i ON i.id = m.incident_id
                            WHERE m.mark IN ('met', 'missed') AND i.resolved >= :from AND i.resolved < :to
                            GROUP BY i.service ORDER BY i.service""")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((row, context) -> new Verdicts(row.getString("service"), row.getInt("met"), row.getInt("missed")))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("count RTO verdicts", e);
        }
    }

    /** Met and missed RTOs of one service. */
    public record Verdicts(String service, int met, int missed) {}

    private static boolean insertMark(Handle handle, String incidentId, String mark, Duration rto, Instant now) {
        return handle.createUpdate("""
                        INSERT INTO incident_rto_marks (incident_id, mark, at, rto_ms) VALUES (:id, :mark, :at, :rto)
                        ON CONFLICT (incident_id, mark) DO NOTHING""")
                .bind("id", incidentId).bind("mark", mark).bind("at", now.toEpochMilli()).bind("rto", rto.toMillis())
                .execute() == 1;
    }
}
