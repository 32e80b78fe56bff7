package io.firebreak.server.store;

import io.firebreak.core.detection.Correlation;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentId;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The incident changes of many rules decided in one transaction and written together: the
 * incidents they touch are locked and read once, every decision is applied to that working copy in
 * order (so two changes to one incident in one cycle see each other, as in separate transactions),
 * and {@link #flush} writes new incidents, changed incidents, timeline events and outbox rows with
 * a few batched statements. Equivalent to {@link IncidentStore#open} and {@code tryUpdate} per
 * change, without a round trip per change.
 */
final class IncidentBatch {
    /** Identifiers per {@code IN (...)} list: far under both databases' limits on bound parameters. */
    private static final int IN_LIST = 500;

    private final Handle handle;
    private final Database.Dialect dialect;
    private final Outbox outbox;
    private final Instant now;
    private final Map<String, Working> incidents = new LinkedHashMap<>();
    private int nextNumber;
    private int lastNumber;

    /** One incident as this batch has changed it so far. */
    private static final class Working {
        final int version;            // as read; 0 for an incident this batch opens
        final int number;             // its number of the day, for a new one
        final String groupKey;        // for a new one
        final int lastSequence;       // its timeline's last event before this batch
        final List<Change.Applied> steps = new ArrayList<>();   // each change as decided, in order
        Incident incident;

        Working(Incident incident, int version, int number, String groupKey, int lastSequence) {
            this.incident = incident;
            this.version = version;
            this.number = number;
            this.groupKey = groupKey;
            this.lastSequence = lastSequence;
        }

        boolean opened() {
            return version == 0;
        }

        void applied(Change.Applied change) {
            incident = change.incident();
            steps.add(change);
        }
    }

    IncidentBatch(Handle handle, Database.Dialect dialect, Outbox outbox, Instant now) {
        this.handle = handle;
        this.dialect = dialect;
        this.outbox = outbox;
        this.now = now;
    }

    /**
     * The most recent incident of each of {@code groupKeys} that has one, open or not, as the
     * decision of {@link Correlation} needs it; one query per few hundred keys. Each key is looked
     * up in the index on {@code (group_key, detected)} from its end, as {@link IncidentStore#latestOfGroup}
     * does for one (a tie of the same millisecond goes to the higher id): a group's older incidents
     * (a flapping alert's years of them) are never read. A {@code MAX(detected) ... GROUP BY} read
     * every one of them, and on PostgreSQL, whose planner hashed the table for it, every incident:
     * 30 ms for 500 groups of 45 incidents each, against 3 ms for this.
     */
    static Map<String, Correlation.Latest> latestOfGroups(Handle handle, Database.Dialect dialect, Collection<String> groupKeys) {
        Map<String, Correlation.Latest> latest = HashMap.newHashMap(groupKeys.size());
        String newest = "FROM incidents i WHERE i.group_key = k.column1 ORDER BY i.detected DESC, i.id DESC LIMIT 1";
        for (List<String> keys : chunks(groupKeys)) {
            String values = "(VALUES " + "(?), ".repeat(keys.size() - 1) + "(?)) AS k";
            // PostgreSQL runs the lookup per key as a lateral join; SQLite, which has none, looks up each key's id and
            // then reads those rows by primary key.
            var query = handle.createQuery(dialect == Database.Dialect.POSTGRESQL
                    ? "SELECT k.column1, l.id, l.status, l.resolved FROM " + values
                            + " CROSS JOIN LATERAL (SELECT i.id, i.status, i.resolved " + newest + ") AS l"
                    : "SELECT group_key, id, status, resolved FROM incidents WHERE id IN (SELECT (SELECT i.id " + newest + ") FROM "
                            + values + ")");
            for (int i = 0; i < keys.size(); i++) {
                query.bind(i, keys.get(i));
            }
            query.map((rs, ctx) -> Map.entry(rs.getString(1), new Correlation.Latest(rs.getString(2),
                            IncidentStatus.valueOf(rs.getString(3)), IncidentStore.instant(rs, "resolved"))))
                    .forEach(entry -> latest.put(entry.getKey(), entry.getValue()));
        }
        return latest;
    }

    /**
     * Locks and reads the existing incidents this batch may change, with their versions and the
     * last event of their timelines. An id that does not exist is left out: changes to it do nothing.
     */
    void load(Collection<String> ids) {
        for (List<String> chunk : chunks(ids.stream().filter(id -> !incidents.containsKey(id)).distinct().sorted().toList())) {
            // Read with their row locks on PostgreSQL (in id order, as every batch takes them); SQLite's IMMEDIATE
            // transaction holds the whole database already. (A no-op UPDATE took the locks before: on PostgreSQL a new
            // version of every row, on SQLite a write of every row, for nothing.)
            String lock = dialect == Database.Dialect.POSTGRESQL ? " ORDER BY id FOR UPDATE" : "";
            Map<String, Integer> lastSequence = new HashMap<>();
            List<IncidentStore.Versioned> read = handle.createQuery("SELECT * FROM incidents WHERE id IN (<ids>)" + lock)
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> new IncidentStore.Versioned(IncidentStore.incident(rs), rs.getInt("version")))
                    .list();
            handle.createQuery("SELECT incident_id, MAX(seq) FROM incident_events WHERE incident_id IN (<ids>) GROUP BY incident_id")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(entry -> lastSequence.put(entry.getKey(), entry.getValue()));
            read.forEach(incident -> incidents.put(incident.incident().id(), new Working(incident.incident(), incident.version(), 0, null,
                    lastSequence.getOrDefault(incident.incident().id(), 0))));
        }
    }

    /** Takes {@code count} numbers of today's sequence at once, for the incidents this batch will open. */
    void reserveNumbers(int count) {
        if (count == 0) {
            return;
        }
        int last = handle.createQuery("""
                        INSERT INTO incident_sequence (day, last_number) VALUES (:day, :count)
                        ON CONFLICT (day) DO UPDATE SET last_number = incident_sequence.last_number + :count
                        RETURNING last_number""")
                .bind("day", IncidentId.dayKey(now))
                .bind("count", count)
                .mapTo(Integer.class)
                .one();
        nextNumber = last - count + 1;
        lastNumber = last;
    }

    /** Declares a new incident of {@code groupKey}, numbered from the reserved numbers. */
    Incident open(NewIncident spec, String groupKey, String actor) {
        if (nextNumber == 0 || nextNumber > lastNumber) {
            throw new IllegalStateException("no reserved incident number left: reserve one per incident opened");
        }
        int number = nextNumber++;
        Change.Applied applied = IncidentLifecycle.open(spec, IncidentId.of(now, number), actor, now);
        Working working = new Working(applied.incident(), 0, number, groupKey, 0);
        working.applied(applied);
        incidents.put(applied.incident().id(), working);
        return applied.incident();
    }

    /** The incident as this batch has left it so far; empty if it was neither loaded nor opened here. */
    Optional<Incident> current(String id) {
        Working working = incidents.get(id);
        return working == null ? Optional.empty() : Optional.of(working.incident);
    }

    /** Applies {@code decision} to the incident as this batch has left it; the changed incident, or empty if refused or unknown. */
    Optional<Incident> apply(String id, Function<Incident, Change> decision) {
        Working working = incidents.get(id);
        if (working == null) {
            return Optional.empty();
        }
        if (!(decision.apply(working.incident) instanceof Change.Applied applied)) {
            return Optional.empty();
        }
        working.applied(applied);
        return Optional.of(applied.incident());
    }

    /** Writes every incident opened or changed, its timeline events and their notifications. */
    void flush() {
        RowBatch inserts = new RowBatch(dialect, "incidents", NEW_INCIDENT);
        // PostgreSQL changes the incidents in one statement (a statement each cost its executor ~40 us a row, and JDBI
        // its binding); SQLite, in process, runs the prepared update once a row.
        boolean oneStatement = dialect == Database.Dialect.POSTGRESQL;
        PreparedBatch updates = oneStatement ? null : handle.prepareBatch(IncidentStore.UPDATE);
        RowBatch changed = new RowBatch(dialect, "incidents", CHANGED_INCIDENT);
        List<String> updated = new ArrayList<>();
        RowBatch events = new RowBatch(dialect, "incident_events", List.of(RowBatch.text("incident_id"), RowBatch.integer("seq"),
                RowBatch.bigint("occurred_at"), RowBatch.text("actor"), RowBatch.text("type"), RowBatch.text("from_status"),
                RowBatch.text("to_status"), RowBatch.text("message")));
        List<Outbox.Appended> appended = new ArrayList<>();
        String day = IncidentId.dayKey(now);
        for (Working working : incidents.values()) {
            if (working.steps.isEmpty()) {
                continue;
            }
            if (working.opened()) {
                Incident incident = working.incident;
                inserts.add(incident.id(), day, working.number, incident.title(), incident.severity().name(), incident.status().name(),
                        incident.service(), incident.source(), JsonText.object(incident.labels()), incident.runbook(),
                        incident.publicSummary(), incident.commander(), JsonText.array(incident.responders()),
                        incident.impactStarted().toEpochMilli(), incident.detected().toEpochMilli(), IncidentStore.millis(incident.acknowledged()),
                        IncidentStore.millis(incident.resolved()), incident.updated().toEpochMilli(), 1, working.groupKey);
            } else if (oneStatement) {
                Incident incident = working.incident;
                changed.add(incident.id(), working.version, incident.title(), incident.severity().name(), incident.status().name(),
                        incident.service(), incident.source(), JsonText.object(incident.labels()), incident.runbook(),
                        incident.publicSummary(), incident.commander(), JsonText.array(incident.responders()),
                        incident.impactStarted().toEpochMilli(), incident.detected().toEpochMilli(), IncidentStore.millis(incident.acknowledged()),
                        IncidentStore.millis(incident.resolved()), incident.updated().toEpochMilli());
                updated.add(incident.id());
            } else {
                updates.bindMap(IncidentStore.columns(working.incident)).bind("version", working.version).add();
                updated.add(working.incident.id());
            }
            int sequence = working.lastSequence;
            for (Change.Applied step : working.steps) {
                List<IncidentEvent> numbered = new ArrayList<>();
                for (IncidentEvent.Draft draft : step.events()) {
                    IncidentEvent event = draft.numbered(working.incident.id(), ++sequence);
                    events.add(event.incidentId(), event.sequence(), event.at().toEpochMilli(), event.actor(), event.type().name(),
                            event.from() == null ? null : event.from().name(), event.to() == null ? null : event.to().name(),
                            event.message());
                    numbered.add(event);
                }
                appended.add(new Outbox.Appended(step.incident(), numbered));
            }
        }
        inserts.insert(handle, "");
        // The rows were locked when read, so only a writer that ignores the lock makes a version differ here.
        if (oneStatement) {
            java.util.Set<String> written = changed.update(handle, List.of("id", "version"), "version = t.version + 1");
            for (String id : updated) {
                if (!written.contains(id)) {
                    throw new IllegalStateException("incident " + id + " changed while the detection cycle held it");
                }
            }
        } else if (updates.size() > 0) {
            int[] written = updates.execute();
            for (int i = 0; i < written.length; i++) {
                if (written[i] == 0) {
                    throw new IllegalStateException("incident " + updated.get(i) + " changed while the detection cycle held it");
                }
            }
        }
        events.insert(handle, "");
        outbox.enqueueAll(handle, dialect, appended);
    }

    /**
     * The columns of an existing incident's row that {@link IncidentStore#UPDATE} writes, with the
     * id and the version it was read at (both matched, not written; the version goes up by one).
     */
    private static final List<RowBatch.Column> CHANGED_INCIDENT = List.of(RowBatch.text("id"), RowBatch.integer("version"),
            RowBatch.text("title"), RowBatch.text("severity"), RowBatch.text("status"), RowBatch.text("service"), RowBatch.text("source"),
            RowBatch.text("labels"), RowBatch.text("runbook"), RowBatch.text("public_summary"), RowBatch.text("commander"),
            RowBatch.text("responders"), RowBatch.bigint("impact_started"), RowBatch.bigint("detected"), RowBatch.bigint("acknowledged"),
            RowBatch.bigint("resolved"), RowBatch.bigint("updated"));

    /** The columns of a new incident's row, as {@link IncidentStore#INSERT} writes them (version 1). */
    private static final List<RowBatch.Column> NEW_INCIDENT = List.of(RowBatch.text("id"), RowBatch.text("day"),
            RowBatch.integer("number"), RowBatch.text("title"), RowBatch.text("severity"), RowBatch.text("status"),
            RowBatch.text("service"), RowBatch.text("source"), RowBatch.text("labels"), RowBatch.text("runbook"),
            RowBatch.text("public_summary"), RowBatch.text("commander"), RowBatch.text("responders"),
            RowBatch.bigint("impact_started"), RowBatch.bigint("detected"), RowBatch.bigint("acknowledged"),
            RowBatch.bigint("resolved"), RowBatch.bigint("updated"), RowBatch.integer("version"), RowBatch.text("group_key"));

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = new ArrayList<>(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST) {
            chunks.add(all.subList(from, Math.min(all.size(), from + IN_LIST)));
        }
        return chunks;
    }
}
