package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.detection.Correlation;
import io.firebreak.core.detection.DetectionAction;
import io.firebreak.core.detection.DetectionPlan;
import io.firebreak.core.detection.GroupKey;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.rule.AlertEvent;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleEvaluation;
import io.firebreak.core.rule.RuleState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Rule state and the incidents it drives. {@link #record} writes one evaluation in one
 * transaction: the changed alert instances, and for each fired or resolved alert the incident
 * decision of {@link Correlation} (open, join, re-open, resolve) with its timeline events.
 */
public final class DetectionStore {
    /** The actor of everything detection does to incidents. */
    public static final String ACTOR = "firebreak";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final IncidentStore incidents;
    private final Database database;

    public DetectionStore(Database database) {
        this(database, new IncidentStore(database));
    }

    /** Detection that changes incidents through {@code incidents}, and so queues their notifications. */
    public DetectionStore(Database database, IncidentStore incidents) {
        this.jdbi = database.jdbi();
        this.incidents = incidents;
        this.database = database;
    }

    /** The leases of engine modules, on this store. */
    public Leases leases() {
        return new Leases(database);
    }

    /** Every rule's alerts as last recorded, by rule name. */
    public Map<String, RuleState> loadStates() {
        try {
            return jdbi.withHandle(handle -> {
                Map<String, Map<String, AlertInstance>> byRule = new HashMap<>();
                handle.createQuery("SELECT * FROM rule_instances")
                        .map((rs, ctx) -> Map.entry(rs.getString("rule"), instance(rs)))
                        .forEach(entry -> byRule.computeIfAbsent(entry.getKey(), k -> new HashMap<>())
                                .put(entry.getValue().fingerprint(), entry.getValue()));
                Map<String, RuleState> states = new HashMap<>();
                byRule.forEach((rule, instances) -> states.put(rule, new RuleState(instances)));
                return states;
            });
        } catch (JdbiException e) {
            throw new StoreException("load rule state", e);
        }
    }

    /**
     * Writes the outcome of one evaluation of {@code rule}: instance rows that changed, and the
     * incident actions of its events. Returns the incidents opened, re-opened or resolved.
     */
    public List<IncidentChange> record(Rule rule, RuleState previous, RuleEvaluation.Result result, Duration dedupWindow, Instant now) {
        return record(rule, previous, result, dedupWindow, now, Fence.NONE);
    }

    /** {@link #record(Rule, RuleState, RuleEvaluation.Result, Duration, Instant)} by a leader: nothing is written unless {@code fence} holds. */
    public List<IncidentChange> record(Rule rule, RuleState previous, RuleEvaluation.Result result, Duration dedupWindow, Instant now,
                                       Fence fence) {
        if (result.events().isEmpty() && unchanged(previous, result.next())) {
            return List.of();   // the steady state of a rule costs no transaction at all
        }
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, "the evaluation of " + rule.name());
                Map<String, String> incidentOf = incidentIds(handle, rule.name());
                List<IncidentChange> changes = new ArrayList<>();
                // Alerts of one group that change together make one decision and one timeline line.
                DetectionPlan plan = DetectionPlan.of(rule, result.events(), incidentOf);
                // Firing first, so an alert that joins an incident in the same evaluation as another resolves keeps it open.
                Map<String, String> links = new HashMap<>();
                plan.fired().forEach((key, alerts) -> {
                    String incidentId = fired(handle, rule, key, alerts, dedupWindow, now, changes);
                    alerts.forEach(alert -> links.put(alert.fingerprint(), incidentId));
                });
                plan.resolved().forEach((incidentId, alerts) -> resolved(handle, rule, alerts, incidentId,
                        DetectionPlan.stillFiring(result.next(), incidentId, links, incidentOf), now, changes));
                writeInstances(handle, rule.name(), previous, result.next(), links);
                return changes;
            });
        } catch (JdbiException e) {
            throw new StoreException("record evaluation of rule " + rule.name(), e);
        }
    }

    private static Map<String, String> incidentIds(Handle handle, String rule) {
        Map<String, String> ids = new HashMap<>();
        handle.createQuery("SELECT fingerprint, incident_id FROM rule_instances WHERE rule = :rule AND incident_id IS NOT NULL")
                .bind("rule", rule)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        return ids;
    }

    private static void writeInstances(Handle handle, String rule, RuleState previous, RuleState next, Map<String, String> links) {
        PreparedBatch delete = handle.prepareBatch("DELETE FROM rule_instances WHERE rule = :rule AND fingerprint = :fingerprint");
        for (String fingerprint : previous.instances().keySet()) {
            if (!next.instances().containsKey(fingerprint)) {
                delete.bind("rule", rule).bind("fingerprint", fingerprint).add();
            }
        }
        if (delete.size() > 0) {
            delete.execute();
        }
        PreparedBatch upsert = handle.prepareBatch("""
                INSERT INTO rule_instances (rule, fingerprint, labels, state, active_since, fired_at, keep_firing_since, value, incident_id)
                VALUES (:rule, :fingerprint, :labels, :state, :activeSince, :firedAt, :keepFiringSince, :value, :incident)
                ON CONFLICT (rule, fingerprint) DO UPDATE SET state = excluded.state, active_since = excluded.active_since,
                    fired_at = excluded.fired_at, keep_firing_since = excluded.keep_firing_since, value = excluded.value,
                    incident_id = COALESCE(excluded.incident_id, rule_instances.incident_id)""");
        for (AlertInstance instance : next.instances().values()) {
            AlertInstance before = previous.instances().get(instance.fingerprint());
            if (before != null && sameRow(before, instance) && !links.containsKey(instance.fingerprint())) {
                continue;
            }
            upsert.bind("rule", rule)
                    .bind("fingerprint", instance.fingerprint())
                    .bind("labels", json(instance.labels()))
                    .bind("state", instance.state().name())
                    .bind("activeSince", instance.activeSince().toEpochMilli())
                    .bind("firedAt", millis(instance.firedAt()))
                    .bind("keepFiringSince", millis(instance.keepFiringSince()))
                    .bind("value", Double.toString(instance.value()))
                    .bind("incident", links.get(instance.fingerprint()))
                    .add();
        }
        if (upsert.size() > 0) {
            upsert.execute();
        }
    }

    private static boolean unchanged(RuleState previous, RuleState next) {
        if (!previous.instances().keySet().equals(next.instances().keySet())) {
            return false;
        }
        for (AlertInstance instance : next.instances().values()) {
            if (!sameRow(previous.instances().get(instance.fingerprint()), instance)) {
                return false;
            }
        }
        return true;
    }

    /** A changed value alone is not worth a write: the state and its timers are what a restart needs. */
    private static boolean sameRow(AlertInstance a, AlertInstance b) {
        return a.state() == b.state() && a.activeSince().equals(b.activeSince()) && Objects.equals(a.firedAt(), b.firedAt())
                && Objects.equals(a.keepFiringSince(), b.keepFiringSince());
    }

    /** Decides and applies the incident action of one group's newly firing alerts; returns the incident they belong to. */
    private String fired(Handle handle, Rule rule, String key, List<AlertInstance> alerts, Duration dedupWindow, Instant now,
                                List<IncidentChange> changes) {
        DetectionAction action = Correlation.onFired(rule, alerts, IncidentStore.latestOfGroup(handle, key), dedupWindow, now);
        return switch (action) {
            case DetectionAction.Open open -> {
                Incident incident = incidents.open(handle, open.incident(), open.key().value(), ACTOR, now);
                changes.add(new IncidentChange(IncidentChange.Kind.OPENED, incident, open.message()));
                if (alerts.size() > 1) {
                    note(handle, incident.id(), open.message(), now);
                }
                yield incident.id();
            }
            case DetectionAction.Join join -> {
                note(handle, join.incidentId(), join.message(), now);
                yield join.incidentId();
            }
            case DetectionAction.Reopen reopen -> {
                apply(handle, reopen.incidentId(), i -> IncidentLifecycle.reopen(i, reopen.message(), ACTOR, now))
                        .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.REOPENED, i, reopen.message())));
                yield reopen.incidentId();
            }
            default -> throw new IllegalStateException("firing alerts open, join or re-open, never " + action);
        };
    }

    private void resolved(Handle handle, Rule rule, List<AlertInstance> alerts, String incidentId, int stillFiring, Instant now,
                                 List<IncidentChange> changes) {
        Optional<Incident> incident = IncidentStore.find(handle, incidentId);
        switch (Correlation.onResolved(rule, alerts, incident, stillFiring)) {
            case DetectionAction.Resolve resolve -> apply(handle, resolve.incidentId(),
                    i -> IncidentLifecycle.resolve(i, resolve.message(), ACTOR, now))
                    .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.RESOLVED, i, resolve.message())));
            case DetectionAction.Note note -> note(handle, note.incidentId(), note.message(), now);
            case DetectionAction.Nothing nothing -> { }
            default -> throw new IllegalStateException("resolved alerts resolve, note or do nothing");
        }
    }

    private void note(Handle handle, String incidentId, String message, Instant now) {
        apply(handle, incidentId, i -> IncidentLifecycle.note(i, message, ACTOR, now));
    }

    private Optional<Incident> apply(Handle handle, String incidentId,
                                            java.util.function.Function<Incident, io.firebreak.core.incident.Change> decision) {
        return incidents.tryUpdate(handle, incidentId, decision)
                .filter(IncidentStore.Update.Updated.class::isInstance)
                .map(update -> ((IncidentStore.Update.Updated) update).incident());
    }

    /** Opens or resolves a Firebreak-internal incident keyed by {@code groupKey} (e.g. detection blind). */
    public Optional<IncidentChange> ensureOpen(String groupKey, NewIncident spec, Instant now, Fence fence) {
        try {
            return jdbi.inTransaction(handle -> {
                fence.check(handle, groupKey);
                Optional<Incident> latest = IncidentStore.latestOfGroup(handle, groupKey);
                if (latest.isPresent() && latest.get().status().isOpen()) {
                    return Optional.empty();
                }
                Incident incident = incidents.open(handle, spec, groupKey, ACTOR, now);
                return Optional.of(new IncidentChange(IncidentChange.Kind.OPENED, incident, spec.title()));
            });
        } catch (JdbiException e) {
            throw new StoreException("open " + groupKey, e);
        }
    }

    public Optional<IncidentChange> ensureResolved(String groupKey, String message, Instant now, Fence fence) {
        try {
            return jdbi.inTransaction(handle -> fence.holds(handle) ? IncidentStore.latestOfGroup(handle, groupKey)
                    .filter(incident -> incident.status().isOpen())
                    .flatMap(incident -> apply(handle, incident.id(), i -> IncidentLifecycle.resolve(i, message, ACTOR, now)))
                    .map(incident -> new IncidentChange(IncidentChange.Kind.RESOLVED, incident, message)) : Optional.empty());
        } catch (JdbiException e) {
            throw new StoreException("resolve " + groupKey, e);
        }
    }

    /** Writes the health of every rule evaluated in a cycle, in one transaction. */
    public void recordHealth(List<RuleHealth> health) {
        if (health.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(handle -> {
                PreparedBatch batch = handle.prepareBatch("""
                        INSERT INTO rule_health (rule, last_evaluation, duration_ms, health, last_error, pending, firing)
                        VALUES (:rule, :last, :duration, :health, :error, :pending, :firing)
                        ON CONFLICT (rule) DO UPDATE SET last_evaluation = excluded.last_evaluation,
                            duration_ms = excluded.duration_ms, health = excluded.health, last_error = excluded.last_error,
                            pending = excluded.pending, firing = excluded.firing""");
                for (RuleHealth h : health) {
                    batch.bind("rule", h.rule()).bind("last", h.lastEvaluation().toEpochMilli())
                            .bind("duration", h.duration().toMillis()).bind("health", h.ok() ? "ok" : "error")
                            .bind("error", h.lastError()).bind("pending", h.pending()).bind("firing", h.firing()).add();
                }
                batch.execute();
            });
        } catch (JdbiException e) {
            throw new StoreException("record rule health", e);
        }
    }

    public List<RuleHealth> health() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM rule_health ORDER BY rule")
                    .map((rs, ctx) -> new RuleHealth(rs.getString("rule"), Instant.ofEpochMilli(rs.getLong("last_evaluation")),
                            Duration.ofMillis(rs.getLong("duration_ms")), "ok".equals(rs.getString("health")),
                            rs.getString("last_error"), rs.getInt("pending"), rs.getInt("firing")))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("load rule health", e);
        }
    }

    public Optional<String> engineValue(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT value FROM engine_state WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public void setEngineValue(String name, String value) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO engine_state (name, value) VALUES (:name, :value)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value""")
                .bind("name", name).bind("value", value).execute());
    }

    private static AlertInstance instance(ResultSet rs) throws SQLException {
        try {
            return new AlertInstance(rs.getString("fingerprint"), JSON.readValue(rs.getString("labels"), LABELS),
                    AlertState.valueOf(rs.getString("state")), Instant.ofEpochMilli(rs.getLong("active_since")),
                    instant(rs, "fired_at"), instant(rs, "keep_firing_since"), Double.parseDouble(rs.getString("value")));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable labels of alert " + rs.getString("fingerprint"), e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string labels always serialise", e);
        }
    }
}
