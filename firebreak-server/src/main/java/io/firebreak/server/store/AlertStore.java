package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.alert.AlertCorrelation;
import io.firebreak.core.alert.ExternalAlert;
import io.firebreak.core.detection.DetectionAction;
import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Alerts received from outside and the incidents they drive. {@link #apply} writes a batch of
 * alerts in one transaction: each alert row (a repeat is an update of the same row), and for the
 * alerts that started firing or stopped, the incident decision of {@link AlertCorrelation}.
 */
public final class AlertStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final IncidentStore incidents;
    private final AlertCorrelation.Mapping mapping;
    private final Duration dedupWindow;
    private final boolean postgres;

    public AlertStore(Database database, IncidentStore incidents, AlertCorrelation.Mapping mapping, Duration dedupWindow) {
        this.jdbi = database.jdbi();
        this.incidents = incidents;
        this.mapping = mapping;
        this.dedupWindow = dedupWindow;
        this.postgres = database.dialect() == Database.Dialect.POSTGRESQL;
    }

    /** A stored alert, as the API shows it. */
    public record StoredAlert(ExternalAlert alert, String fingerprint, String incidentId, Instant received, Instant updated) {}

    /** One batch of alerts from one sender, with the actor named in the timeline. */
    /**
     * Alerts from one sender, with what the writer needs of each worked out beforehand: their ids
     * and, where it does not depend on the time of the write, their digests. A batch is made on the
     * request's thread, so this work is spread over the requests instead of queued on the one thread
     * that commits them all.
     */
    public record Batch(List<ExternalAlert> alerts, String actor, List<String> ids, List<String> digests) {
        public Batch {
            alerts = List.copyOf(alerts);
            if (ids.size() != alerts.size() || digests.size() != alerts.size()) {
                throw new IllegalArgumentException("one id and one digest (or null) per alert");
            }
        }

        public Batch(List<ExternalAlert> alerts, String actor) {
            this(alerts, actor, alerts.stream().map(ExternalAlert::id).toList(),
                    // a resolved alert without an end is stored as ending at the write: its digest waits for it
                    alerts.stream().map(a -> a.firing() || a.endsAt() != null ? digest(a, null) : null).toList());
        }
    }

    /** One alert of a commit, with its id, digest and who sent it. */
    private record Pending(String id, ExternalAlert alert, String digest, String actor) {}

    /** Writes the batches in one transaction; returns what happened to incidents. */
    public List<IncidentChange> apply(List<Batch> batches, Instant now) {
        try {
            return jdbi.inTransaction(handle -> apply(handle, batches, now));
        } catch (JdbiException e) {
            throw new StoreException("store " + batches.stream().mapToInt(b -> b.alerts().size()).sum() + " alerts", e);
        }
    }

    /** Resolves the firing alerts whose {@code ends_at} has passed (pushed alerts not refreshed in time). */
    public List<IncidentChange> expire(Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                List<StoredAlert> expired = handle.createQuery(
                                "SELECT * FROM alerts WHERE state = 'firing' AND ends_at IS NOT NULL AND ends_at <= :now ORDER BY id LIMIT 1000")
                        .bind("now", now.toEpochMilli())
                        .map((rs, ctx) -> stored(rs))
                        .list();
                if (expired.isEmpty()) {
                    return List.<IncidentChange>of();
                }
                List<ExternalAlert> resolved = expired.stream().map(s -> s.alert().resolvedAt(s.alert().endsAt())).toList();
                return apply(handle, List.of(new Batch(resolved, "firebreak")), now);
            });
        } catch (JdbiException e) {
            throw new StoreException("expire alerts", e);
        }
    }

    /**
     * All batches of one commit together: one query loads the rows of every alert in them, one
     * batched upsert writes the rows that changed. A repeat that changes nothing (Alertmanager
     * re-sending a firing group) is already stored and costs no write.
     */
    private List<IncidentChange> apply(Handle handle, List<Batch> batches, Instant now) {
        // A label set seen twice: the last one is what the senders mean now.
        Map<String, Pending> byId = new LinkedHashMap<>();
        for (Batch batch : batches) {
            for (int i = 0; i < batch.alerts().size(); i++) {
                ExternalAlert alert = batch.alerts().get(i);
                String digest = batch.digests().get(i);
                Pending pending = new Pending(batch.ids().get(i), alert, digest == null ? digest(alert, now) : digest, batch.actor());
                if (byId.put(pending.id(), pending) != null) {
                    byId.remove(pending.id());
                    byId.put(pending.id(), pending);
                }
            }
        }
        Map<String, Row> existing = load(handle, byId.keySet());
        List<IncidentChange> changes = new ArrayList<>();
        Map<String, List<ExternalAlert>> newlyFiring = new LinkedHashMap<>();
        Map<String, List<ExternalAlert>> newlyResolved = new LinkedHashMap<>();
        Map<String, String> incidentOf = new HashMap<>();
        List<Pending> toWrite = new ArrayList<>();
        for (Pending pending : byId.values()) {
            ExternalAlert alert = pending.alert();
            Row row = existing.get(pending.id());
            boolean wasFiring = row != null && row.firing();
            if (row != null && row.incidentId() != null) {
                incidentOf.put(pending.id(), row.incidentId());
            }
            if (alert.firing() && !wasFiring) {
                newlyFiring.computeIfAbsent(alert.groupKey(), k -> new ArrayList<>()).add(alert);
            } else if (!alert.firing() && wasFiring && row.incidentId() != null) {
                newlyResolved.computeIfAbsent(row.incidentId(), k -> new ArrayList<>()).add(alert);
            }
            if (row == null || !row.sameAs(alert, pending.digest())) {
                toWrite.add(pending);
            }
        }
        newlyFiring.forEach((key, alerts) -> {
            String incidentId = fired(handle, key, alerts, byId.get(alerts.get(0).id()).actor(), now, changes);
            alerts.forEach(alert -> incidentOf.put(alert.id(), incidentId));
        });
        upsert(handle, toWrite, incidentOf, now);
        newlyResolved.forEach((incidentId, alerts) -> {
            String actor = byId.get(alerts.get(0).id()).actor();
            int stillFiring = handle.createQuery("SELECT COUNT(*) FROM alerts WHERE incident_id = :id AND state = 'firing'")
                    .bind("id", incidentId).mapTo(Integer.class).one();
            DetectionAction action = AlertCorrelation.onResolved(alerts, IncidentStore.find(handle, incidentId), stillFiring);
            switch (action) {
                case DetectionAction.Resolve resolve -> update(handle, incidentId,
                        i -> IncidentLifecycle.resolve(i, resolve.message(), actor, now))
                        .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.RESOLVED, i, resolve.message())));
                case DetectionAction.Note note -> update(handle, incidentId, i -> IncidentLifecycle.note(i, note.message(), actor, now));
                default -> { }
            }
        });
        return changes;
    }

    private String fired(Handle handle, String key, List<ExternalAlert> alerts, String actor, Instant now, List<IncidentChange> changes) {
        DetectionAction action = AlertCorrelation.onFiring(alerts, IncidentStore.latestOfGroup(handle, key), mapping, dedupWindow, now);
        return switch (action) {
            case DetectionAction.Open open -> {
                Incident incident = incidents.open(handle, open.incident(), key, actor, now);
                changes.add(new IncidentChange(IncidentChange.Kind.OPENED, incident, open.message()));
                if (alerts.size() > 1) {
                    update(handle, incident.id(), i -> IncidentLifecycle.note(i, open.message(), actor, now));
                }
                yield incident.id();
            }
            case DetectionAction.Join join -> {
                update(handle, join.incidentId(), i -> IncidentLifecycle.note(i, join.message(), actor, now));
                yield join.incidentId();
            }
            case DetectionAction.Reopen reopen -> {
                update(handle, reopen.incidentId(), i -> IncidentLifecycle.reopen(i, reopen.message(), actor, now))
                        .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.REOPENED, i, reopen.message())));
                yield reopen.incidentId();
            }
            default -> throw new IllegalStateException("firing alerts open, join or re-open, never " + action);
        };
    }

    private Optional<Incident> update(Handle handle, String incidentId, Function<Incident, Change> decision) {
        return incidents.tryUpdate(handle, incidentId, decision)
                .filter(IncidentStore.Update.Updated.class::isInstance)
                .map(u -> ((IncidentStore.Update.Updated) u).incident());
    }

    /** What is stored of an alert: enough to tell whether a repeat changes anything. */
    private record Row(String id, boolean firing, String incidentId, String digest) {

        /** Whether writing {@code alert} would store nothing new (a repeat of a firing alert, as senders re-send them). */
        boolean sameAs(ExternalAlert alert, String digestOfAlert) {
            return firing == alert.firing() && incidentId != null && digestOfAlert.equals(digest);
        }
    }

    /** When a resolved alert without an end is stored as having ended: now. */
    private static Instant endsAt(ExternalAlert alert, Instant now) {
        return alert.endsAt() == null && !alert.firing() ? now : alert.endsAt();
    }

    /**
     * A 64-bit FNV-1a hash of everything a write of {@code alert} stores: equal digests mean a repeat
     * that changes nothing. The labels of a label-identified alert are not in it: its id is already
     * their fingerprint, so the same row always has the same labels.
     */
    static String digest(ExternalAlert alert, Instant now) {
        Instant ends = endsAt(alert, now);
        long hash = 0xcbf29ce484222325L;
        hash = mix(hash, alert.firing() ? 1 : 2);
        hash = mix(hash, alert.startsAt().toEpochMilli());
        hash = mix(hash, ends == null ? Long.MIN_VALUE : ends.toEpochMilli());
        hash = mix(hash, alert.generatorUrl());
        hash = mix(hash, alert.groupKey());
        hash = mix(hash, alert.annotations());
        if (alert.identity() != null) {
            hash = mix(hash, alert.labels());
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** Sorted maps (ExternalAlert keeps them so): the same map always mixes the same way. */
    private static long mix(long hash, Map<String, String> map) {
        hash = mix(hash, map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            hash = mix(mix(hash, entry.getKey()), entry.getValue());
        }
        return hash;
    }

    private static long mix(long hash, long value) {
        for (int shift = 0; shift < 64; shift += 8) {
            hash ^= (value >>> shift) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** The text's length, then its characters: ("ab", "c") and ("a", "bc") differ. */
    private static long mix(long hash, String text) {
        hash = mix(hash, text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            hash ^= c;   // 16 bits at once: FNV's multiply spreads them
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * The stored rows of {@code ids}, in one statement. Plain JDBC: this runs for every commit of
     * ingestion, and binding the id array through JDBI's argument factories cost more than the query.
     */
    private Map<String, Row> load(Handle handle, java.util.Collection<String> ids) {
        Map<String, Row> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        java.sql.Connection connection = handle.getConnection();
        String columns = "SELECT id, state, incident_id, digest FROM alerts WHERE ";
        try (java.sql.PreparedStatement statement = postgres
                // One statement text whatever the batch size, so the server plans it once.
                ? connection.prepareStatement(columns + "id = ANY(?::text[])")
                : connection.prepareStatement(columns + "id IN (" + "?,".repeat(ids.size() - 1) + "?)")) {
            if (postgres) {
                statement.setObject(1, arrayLiteral(ids), java.sql.Types.OTHER);
            } else {
                int i = 1;
                for (String id : ids) {
                    statement.setString(i++, id);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getString(1), "firing".equals(rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("load " + ids.size() + " alerts", e);
        }
        return rows;
    }

    /**
     * The ids as a PostgreSQL array literal, {@code {a,b}}, for {@code = ANY(?)}: the driver's array
     * encoding quotes and escapes element by element, which showed in every commit's profile. Ids are
     * a source and a hex fingerprint ({@link ExternalAlert#id}); one with any other character is quoted.
     */
    static String arrayLiteral(java.util.Collection<String> ids) {
        StringBuilder literal = new StringBuilder(ids.size() * 32).append('{');
        for (String id : ids) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            boolean plain = !id.isEmpty() && !id.equalsIgnoreCase("null");
            for (int i = 0; i < id.length() && plain; i++) {
                char c = id.charAt(i);
                plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-';
            }
            if (plain) {
                literal.append(id);
            } else {
                literal.append('"');
                for (int i = 0; i < id.length(); i++) {
                    char c = id.charAt(i);
                    if (c == '"' || c == '\\') {
                        literal.append('\\');
                    }
                    literal.append(c);
                }
                literal.append('"');
            }
        }
        return literal.append('}').toString();
    }

    private static void upsert(Handle handle, List<Pending> alerts, Map<String, String> incidentOf, Instant now) {
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO alerts (id, source, fingerprint, labels, annotations, state, starts_at, ends_at, generator_url,
                    group_key, identity, incident_id, received, updated, digest)
                VALUES (:id, :source, :fingerprint, :labels, :annotations, :state, :startsAt, :endsAt, :generatorUrl,
                    :groupKey, :identity, :incident, :now, :now, :digest)
                ON CONFLICT (id) DO UPDATE SET
                    labels = CASE WHEN excluded.identity IS NOT NULL AND excluded.state = 'resolved' THEN alerts.labels ELSE excluded.labels END,
                    annotations = CASE WHEN excluded.identity IS NOT NULL AND excluded.state = 'resolved' THEN alerts.annotations
                        ELSE excluded.annotations END,
                    state = excluded.state,
                    starts_at = CASE WHEN excluded.identity IS NOT NULL AND excluded.state = 'resolved' THEN alerts.starts_at
                        ELSE excluded.starts_at END, ends_at = excluded.ends_at, generator_url = excluded.generator_url,
                    group_key = excluded.group_key, incident_id = COALESCE(excluded.incident_id, alerts.incident_id),
                    updated = excluded.updated, digest = excluded.digest""");
        for (Pending pending : alerts) {
            ExternalAlert alert = pending.alert();
            Instant endsAt = endsAt(alert, now);
            batch.bind("id", pending.id())
                    .bind("source", alert.source())
                    .bind("fingerprint", alert.fingerprint())
                    .bind("labels", json(alert.labels()))
                    .bind("annotations", json(alert.annotations()))
                    .bind("state", alert.firing() ? "firing" : "resolved")
                    .bind("startsAt", alert.startsAt().toEpochMilli())
                    .bind("endsAt", endsAt == null ? null : endsAt.toEpochMilli())
                    .bind("generatorUrl", alert.generatorUrl())
                    .bind("groupKey", alert.groupKey())
                    .bind("identity", alert.identity())
                    .bind("incident", incidentOf.get(pending.id()))
                    .bind("now", now.toEpochMilli())
                    .bind("digest", pending.digest())
                    .add();
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    /** Alerts matching a filter on source and state; {@code limit} newest first. */
    public List<StoredAlert> list(Optional<String> source, boolean firingOnly, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE 1 = 1");
        source.ifPresent(s -> sql.append(" AND source = :source"));
        if (firingOnly) {
            sql.append(" AND state = 'firing'");
        }
        sql.append(" ORDER BY updated DESC, id LIMIT :limit");
        try {
            return jdbi.withHandle(handle -> {
                var query = handle.createQuery(sql.toString()).bind("limit", limit);
                source.ifPresent(s -> query.bind("source", s));
                return query.map((rs, ctx) -> stored(rs)).list();
            });
        } catch (JdbiException e) {
            throw new StoreException("list alerts", e);
        }
    }

    /** The alerts that opened or joined an incident. */
    public List<StoredAlert> ofIncident(String incidentId) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM alerts WHERE incident_id = :id ORDER BY received, id")
                    .bind("id", incidentId).map((rs, ctx) -> stored(rs)).list());
        } catch (JdbiException e) {
            throw new StoreException("load alerts of " + incidentId, e);
        }
    }

    /** How many alerts are stored, per state (for tests and metrics). */
    public Map<String, Integer> counts() {
        try {
            Map<String, Integer> counts = new HashMap<>();
            jdbi.useHandle(handle -> handle.createQuery("SELECT state, COUNT(*) FROM alerts GROUP BY state")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .forEach(e -> counts.put(e.getKey(), e.getValue())));
            return counts;
        } catch (JdbiException e) {
            throw new StoreException("count alerts", e);
        }
    }

    private static StoredAlert stored(ResultSet rs) throws SQLException {
        try {
            long ends = rs.getLong("ends_at");
            Instant endsAt = rs.wasNull() ? null : Instant.ofEpochMilli(ends);
            var alert = new ExternalAlert(rs.getString("source"), JSON.readValue(rs.getString("labels"), LABELS),
                    JSON.readValue(rs.getString("annotations"), LABELS), "firing".equals(rs.getString("state")),
                    Instant.ofEpochMilli(rs.getLong("starts_at")), endsAt, rs.getString("generator_url"), rs.getString("group_key"),
                    rs.getString("identity"));
            return new StoredAlert(alert, rs.getString("fingerprint"), rs.getString("incident_id"),
                    Instant.ofEpochMilli(rs.getLong("received")), Instant.ofEpochMilli(rs.getLong("updated")));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable labels of alert " + rs.getString("id"), e);
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string maps always serialise", e);
        }
    }
}
