package io.firebreak.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import io.firebreak.core.rule.Fingerprint;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.RuleEvaluation;
import io.firebreak.core.rule.RuleState;
import io.firebreak.core.rule.SortedLabels;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Rule state and the incidents it drives. {@link #recordAll} writes a cycle's evaluations in one
 * transaction ({@link #record} one rule's): the alert set of each rule whose alerts changed (one
 * row a rule, each alert with the incident it belongs to, V0018), and for each group of fired or
 * resolved alerts the incident decision of {@link Correlation} (open, join, re-open, resolve) with
 * its timeline events, in batched statements.
 */
public final class DetectionStore {
    /** The actor of everything detection does to incidents. */
    public static final String ACTOR = "firebreak";

    /** Reads stored alert sets; label values with raw control characters (written by older versions) are read too. */
    private static final ObjectMapper READER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private final Jdbi jdbi;
    private final IncidentStore incidents;
    private final Database database;
    /**
     * The incident links of every rule that has any, by rule, as last loaded and written by this
     * store; null until {@link #loadStates} and after a write whose outcome is unknown, when they
     * are read from the database instead.
     */
    private volatile Map<String, Map<String, String>> knownLinks;

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

    /**
     * Every rule's alerts as last recorded, by rule name. Also takes the incident links of every
     * rule into memory: from then on this store knows them without reading them, as the engine
     * that called this knows the alerts, since only it writes them (it calls this again whenever
     * it takes the lead over from another instance, which may have written meanwhile).
     */
    public Map<String, RuleState> loadStates() {
        try {
            return jdbi.withHandle(handle -> {
                Map<String, RuleState> states = new HashMap<>();
                Map<String, Map<String, String>> links = new ConcurrentHashMap<>();
                handle.createQuery("SELECT rule, alerts FROM rule_alerts")
                        .map((rs, ctx) -> alertSet(rs.getString(1), rs.getString(2)))
                        .forEach(set -> {
                            states.put(set.rule(), set.state());
                            if (!set.links().isEmpty()) {
                                links.put(set.rule(), set.links());
                            }
                        });
                knownLinks = links;
                return states;
            });
        } catch (JdbiException e) {
            knownLinks = null;
            throw new StoreException("load rule state", e);
        }
    }

    /**
     * Writes the outcome of one evaluation of {@code rule}: its alert set if it changed, and the
     * incident actions of its events. Returns the incidents opened, re-opened or resolved.
     */
    public List<IncidentChange> record(Rule rule, RuleState previous, RuleEvaluation.Result result, Duration dedupWindow, Instant now) {
        return record(rule, previous, result, dedupWindow, now, Fence.NONE);
    }

    /** {@link #record(Rule, RuleState, RuleEvaluation.Result, Duration, Instant)} by a leader: nothing is written unless {@code fence} holds. */
    public List<IncidentChange> record(Rule rule, RuleState previous, RuleEvaluation.Result result, Duration dedupWindow, Instant now,
                                       Fence fence) {
        return recordAll(List.of(new Evaluation(rule, previous, result)), dedupWindow, now, fence).getOrDefault(rule.name(), List.of());
    }

    /** One rule's evaluation, for {@link #recordAll}: its alerts before, and what stepping it gave. */
    public record Evaluation(Rule rule, RuleState previous, RuleEvaluation.Result result) {
        boolean steady() {
            return result.events().isEmpty() && unchanged(previous, result.next());
        }
    }

    /**
     * Writes the evaluations of many rules (a cycle's) in one transaction: their changed instance
     * rows and the incident decisions of their events, as {@link #record} would rule by rule, with
     * a few batched statements instead of some per alert. The incidents involved are read once.
     * All or nothing: when one rule's writes fail, none is written and the exception says why, so a
     * caller that must not let one rule stop the others records them one by one instead.
     *
     * @return the incidents each rule opened, re-opened or resolved, by rule name; rules whose state
     *         did not change cost nothing and are absent
     */
    public Map<String, List<IncidentChange>> recordAll(List<Evaluation> evaluations, Duration dedupWindow, Instant now, Fence fence) {
        List<Evaluation> changed = evaluations.stream().filter(e -> !e.steady()).toList();
        if (changed.isEmpty()) {
            return Map.of();   // the steady state of a rule set costs no transaction at all
        }
        if (changed.stream().map(e -> e.rule().name()).distinct().count() != changed.size()) {
            throw new IllegalArgumentException("one evaluation per rule: two share a name");
        }
        String what = changed.size() == 1 ? "the evaluation of " + changed.get(0).rule().name()
                : "the evaluation of " + changed.size() + " rules";
        Map<String, Map<String, String>> linksAfter = new HashMap<>();
        Map<String, List<IncidentChange>> changes;
        try {
            changes = jdbi.inTransaction(handle -> {
                fence.check(handle, what);
                return write(handle, changed, dedupWindow, now, linksAfter);
            });
        } catch (RuntimeException e) {
            knownLinks = null;   // whether or not it landed is the store's to say: read links from it until the next load
            throw e instanceof JdbiException ? new StoreException("record " + what, e) : e;
        }
        Map<String, Map<String, String>> known = knownLinks;
        if (known != null) {
            linksAfter.forEach((rule, links) -> {
                if (links.isEmpty()) {
                    known.remove(rule);
                } else {
                    known.put(rule, links);
                }
            });
        }
        return changes;
    }

    private Map<String, List<IncidentChange>> write(Handle handle, List<Evaluation> evaluations, Duration dedupWindow, Instant now,
                                                    Map<String, Map<String, String>> linksAfter) {
        // Which alerts of the changed rules belong to which incident (known since the last load, or read once),
        // and the latest incident of each group that fired (read once).
        Map<String, Map<String, String>> known = knownLinks;
        Map<String, Map<String, String>> incidentOf = known != null ? known
                : readLinks(handle, evaluations.stream().map(e -> e.rule().name()).toList());
        List<DetectionPlan> plans = new ArrayList<>();
        Set<String> firedGroups = new LinkedHashSet<>();
        for (Evaluation evaluation : evaluations) {
            DetectionPlan plan = DetectionPlan.of(evaluation.rule(), evaluation.result().events(),
                    incidentOf.getOrDefault(evaluation.rule().name(), Map.of()));
            plans.add(plan);
            firedGroups.addAll(plan.fired().keySet());
        }
        Map<String, Correlation.Latest> latest = IncidentBatch.latestOfGroups(handle, database.dialect(), firedGroups);
        // Alerts of one group that fire together make one decision and one timeline line.
        List<Map<String, DetectionAction>> decisions = new ArrayList<>();
        Set<String> existing = new LinkedHashSet<>();
        int opens = 0;
        for (int i = 0; i < evaluations.size(); i++) {
            Map<String, DetectionAction> byGroup = new LinkedHashMap<>();
            for (var group : plans.get(i).fired().entrySet()) {
                DetectionAction action = Correlation.onFired(evaluations.get(i).rule(), group.getValue(),
                        Optional.ofNullable(latest.get(group.getKey())), dedupWindow, now);
                byGroup.put(group.getKey(), action);
                switch (action) {
                    case DetectionAction.Open open -> opens++;
                    case DetectionAction.Join join -> existing.add(join.incidentId());
                    case DetectionAction.Reopen reopen -> existing.add(reopen.incidentId());
                    default -> throw new IllegalStateException("firing alerts open, join or re-open, never " + action);
                }
            }
            decisions.add(byGroup);
            existing.addAll(plans.get(i).resolved().keySet());
        }
        IncidentBatch batch = new IncidentBatch(handle, database.dialect(), incidents.outbox(), now);
        batch.load(existing);
        batch.reserveNumbers(opens);
        Database.Dialect dialect = database.dialect();
        RowBatch emptied = new RowBatch(dialect, "rule_alerts", List.of(RowBatch.text("rule")));
        RowBatch alertSets = new RowBatch(dialect, "rule_alerts", List.of(RowBatch.text("rule"), RowBatch.text("alerts")), true);
        RowBatch relinked = new RowBatch(dialect, "rule_incidents", List.of(RowBatch.text("rule")));
        RowBatch ruleIncidents = new RowBatch(dialect, "rule_incidents", List.of(RowBatch.text("rule"), RowBatch.text("incident_id")));
        Map<String, List<IncidentChange>> changes = new LinkedHashMap<>();
        List<AlertSet> toWrite = new ArrayList<>();
        for (int i = 0; i < evaluations.size(); i++) {
            Evaluation evaluation = evaluations.get(i);
            Rule rule = evaluation.rule();
            List<IncidentChange> ruleChanges = new ArrayList<>();
            // Firing first, so an alert that joins an incident in the same evaluation as another resolves keeps it open.
            Map<String, String> links = HashMap.newHashMap(evaluation.result().events().size());
            for (var group : plans.get(i).fired().entrySet()) {
                String incidentId = fired(batch, group.getValue(), decisions.get(i).get(group.getKey()), now, ruleChanges);
                for (AlertInstance alert : group.getValue()) {
                    links.put(alert.fingerprint(), incidentId);
                }
            }
            Map<String, String> before = incidentOf.getOrDefault(rule.name(), Map.of());
            plans.get(i).resolved().forEach((incidentId, alerts) -> resolved(batch, rule, alerts, incidentId,
                    DetectionPlan.stillFiring(evaluation.result().next(), incidentId, links, before), now, ruleChanges));
            RuleState next = evaluation.result().next();
            Set<String> incidentsAfter = new HashSet<>();
            Map<String, String> after = linksAfter(next, before, links, incidentsAfter);
            if (next.instances().isEmpty()) {
                emptied.add(rule.name());
            } else if (!unchanged(evaluation.previous(), next) || !after.equals(before)) {
                toWrite.add(new AlertSet(rule.name(), next, after));
            }
            Set<String> incidentsBefore = distinct(before.values());
            if (!incidentsAfter.equals(incidentsBefore)) {
                if (!incidentsBefore.isEmpty()) {
                    relinked.add(rule.name());
                }
                incidentsAfter.forEach(incidentId -> ruleIncidents.add(rule.name(), incidentId));
            }
            linksAfter.put(rule.name(), after);
            changes.put(rule.name(), ruleChanges);
        }
        // The text of the alert sets (8 MB when 100,000 alerts fire) is pure work on values: built on the other
        // cores while the incidents' rows go to the database, and by this thread too once they went.
        AlertSetTexts texts = new AlertSetTexts(toWrite);
        batch.flush();
        emptied.delete(handle);
        List<String> built = texts.finish();
        for (int i = 0; i < toWrite.size(); i++) {
            alertSets.add(toWrite.get(i).rule(), built.get(i));
        }
        alertSets.insert(handle, "ON CONFLICT (rule) DO UPDATE SET alerts = excluded.alerts");
        relinked.delete(handle);
        ruleIncidents.insert(handle, "");
        return changes;
    }

    /**
     * The texts of a cycle's alert sets, built by helpers on the common pool from the moment this is
     * made, and by the caller of {@link #finish} for whatever is left then: each set is taken by
     * exactly one of them, in order.
     */
    private static final class AlertSetTexts {
        private final List<AlertSet> sets;
        private final String[] texts;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private final List<java.util.concurrent.CompletableFuture<Void>> helpers = new ArrayList<>();

        AlertSetTexts(List<AlertSet> sets) {
            this.sets = sets;
            this.texts = new String[sets.size()];
            int helpersWanted = Math.min(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism(), sets.size() / 50);
            for (int i = 0; i < helpersWanted; i++) {
                helpers.add(java.util.concurrent.CompletableFuture.runAsync(this::build));
            }
        }

        private void build() {
            for (int i = next.getAndIncrement(); i < texts.length; i = next.getAndIncrement()) {
                texts[i] = alertSetText(sets.get(i).state(), sets.get(i).links());
            }
        }

        /** Builds what is left, waits for the helpers' last sets, and returns every text in the order of the sets. */
        List<String> finish() {
            build();
            for (var helper : helpers) {
                try {
                    helper.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            return java.util.Arrays.asList(texts);
        }
    }

    /** Which alert belongs to which incident, by fingerprint, for each of {@code rules} that has any, from their stored alert sets. */
    private static Map<String, Map<String, String>> readLinks(Handle handle, List<String> rules) {
        Map<String, Map<String, String>> links = new HashMap<>();
        for (int from = 0; from < rules.size(); from += 500) {
            handle.createQuery("SELECT rule, alerts FROM rule_alerts WHERE rule IN (<rules>)")
                    .bindList("rules", rules.subList(from, Math.min(rules.size(), from + 500)))
                    .map((rs, ctx) -> alertSet(rs.getString(1), rs.getString(2)))
                    .forEach(set -> links.put(set.rule(), set.links()));
        }
        return links;
    }

    /**
     * The incident of each of a rule's alerts after this evaluation: linked now, or before and still
     * there; each incident also goes into {@code incidents}.
     */
    private static Map<String, String> linksAfter(RuleState next, Map<String, String> before, Map<String, String> now,
                                                  Set<String> incidents) {
        Map<String, String> after = HashMap.newHashMap(next.instances().size());
        String last = null;
        for (String fingerprint : next.instances().keySet()) {
            String incidentId = now.get(fingerprint);
            if (incidentId == null) {
                incidentId = before.get(fingerprint);
            }
            if (incidentId != null) {
                after.put(fingerprint, incidentId);
                if (incidentId != last) {   // the alerts of one incident share its id: added once a run of them
                    incidents.add(incidentId);
                    last = incidentId;
                }
            }
        }
        return after;
    }

    /** The distinct incident ids of a rule's links (the alerts of one incident share its id: added once a run of them). */
    private static Set<String> distinct(java.util.Collection<String> incidentIds) {
        Set<String> distinct = new HashSet<>();
        String last = null;
        for (String incidentId : incidentIds) {
            if (incidentId != last) {
                distinct.add(incidentId);
                last = incidentId;
            }
        }
        return distinct;
    }

    /**
     * A rule's alerts as stored, each with the incident it belongs to, in the compact form (format 2):
     * {@code {"labels":{shared labels},"incidents":["incident id",...],"alerts":[[own labels, state,
     * active_since, fired_at, keep_firing_since, "value", index into incidents or null], ...]}}.
     * The labels every alert of the set has with the same value (a rule's {@code alertname},
     * {@code service}, {@code job}, ...) are written once for the set, and each incident id once: in
     * a storm, where one rule's 100 alerts differ in one label and share one incident, that is a
     * third of format 1's text, to build, to write (and on PostgreSQL to compress) and to read back.
     * The first alert's state, timers, value and incident are also written once, as {@code "common"}
     * (after {@code "incidents"}), and an alert that has the same is written as {@code [own labels]}
     * alone: the alerts of a storm started, fired and joined one incident together, so a set of
     * them is its labels and little else (3.4 MB for the bench's 100,000 alerts instead of 8.4).
     * {@link #alertSet} reads every form, so sets written before stay readable.
     */
    static String alertSetText(RuleState state, Map<String, String> incidentOf) {
        SharedMask mask = SharedMask.of(state.instances().values());
        Map<String, String> shared = mask != null ? mask.labels() : sharedLabels(state.instances().values());
        // Each incident once, numbered in the order of the alerts that point at it.
        Map<String, Integer> incidentIndex = new LinkedHashMap<>();
        for (AlertInstance instance : state.instances().values()) {
            String incidentId = incidentOf.get(instance.fingerprint());
            if (incidentId != null && !incidentIndex.containsKey(incidentId)) {
                incidentIndex.put(incidentId, incidentIndex.size());
            }
        }
        StringBuilder out = new StringBuilder(256).append("{\"labels\":");
        JsonText.appendObject(out, new java.util.TreeMap<>(shared));
        out.append(",\"incidents\":[");
        boolean first = true;
        for (String incidentId : incidentIndex.keySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.appendString(out, incidentId);
        }
        // What the first alert has besides its labels is written once for the set, and each alert like it is its
        // own labels alone: the alerts of a storm started, fired and went to one incident together.
        AlertInstance model = state.instances().isEmpty() ? null : state.instances().values().iterator().next();
        String modelIncident = model == null ? null : incidentOf.get(model.fingerprint());
        out.append(']');
        if (model != null) {
            out.append(",\"common\":");
            appendTimers(out, model, Double.toString(model.value()), modelIncident == null ? null : incidentIndex.get(modelIncident));
        }
        out.append(",\"alerts\":[");
        int alerts = 0;
        double lastValue = 0;
        String valueText = null;
        for (AlertInstance instance : state.instances().values()) {
            int before = out.length();
            if (alerts > 0) {
                out.append(',');
            }
            out.append("[{");
            if (mask != null && instance.labels() instanceof SortedLabels labels && labels.sameNames(mask.like())) {
                boolean firstLabel = true;
                for (int i = 0; i < labels.size(); i++) {
                    if (!mask.shared()[i]) {
                        if (!firstLabel) {
                            out.append(',');
                        }
                        firstLabel = false;
                        JsonText.appendString(out, labels.name(i));
                        out.append(':');
                        JsonText.appendString(out, labels.value(i));
                    }
                }
            } else {
                boolean firstLabel = true;
                for (Map.Entry<String, String> label : instance.labels().entrySet()) {
                    if (shared.containsKey(label.getKey())) {
                        continue;
                    }
                    if (!firstLabel) {
                        out.append(',');
                    }
                    firstLabel = false;
                    JsonText.appendString(out, label.getKey());
                    out.append(':');
                    JsonText.appendString(out, label.getValue());
                }
            }
            out.append('}');
            String incidentId = incidentOf.get(instance.fingerprint());
            if (!sameRow(instance, model) || Double.compare(instance.value(), model.value()) != 0
                    || !Objects.equals(incidentId, modelIncident)) {
                if (Double.compare(instance.value(), lastValue) != 0 || valueText == null) {
                    lastValue = instance.value();
                    valueText = Double.toString(lastValue);
                }
                out.append(',');
                int tupleStart = out.length();
                appendTimers(out, instance, valueText, incidentId == null ? null : incidentIndex.get(incidentId));
                out.deleteCharAt(tupleStart).setLength(out.length() - 1);   // the tuple's fields inline, not as an array
            }
            out.append(']');
            if (alerts++ == 0) {
                // The alerts of a set are alike: room for all of them at the first one's length, not a copy at each doubling.
                out.ensureCapacity(out.length() + (out.length() - before + 8) * (state.instances().size() - 1) + 2);
            }
        }
        return out.append("]}").toString();
    }

    /** {@code [state, active_since, fired_at, keep_firing_since, "value", incident index or null]}. */
    private static void appendTimers(StringBuilder out, AlertInstance instance, String valueText, Integer incidentIndex) {
        out.append("[\"").append(instance.state().name()).append("\",").append(instance.activeSince().toEpochMilli()).append(',');
        appendMillis(out, instance.firedAt());
        out.append(',');
        appendMillis(out, instance.keepFiringSince());
        out.append(",\"").append(valueText).append("\",");
        if (incidentIndex == null) {
            out.append("null");
        } else {
            out.append(incidentIndex.intValue());
        }
        out.append(']');
    }

    /**
     * The labels every alert of a set has with the same value, by position, when all the alerts'
     * labels have the names of the first (the alerts of one rule's answer share one array of names):
     * each alert is then compared with the first value by value, with no map lookups.
     *
     * @param like   the first alert's labels
     * @param shared for each of their positions, whether every alert has that label's value
     * @param labels the shared labels as a map
     */
    private record SharedMask(SortedLabels like, boolean[] shared, Map<String, String> labels) {
        /** The mask of {@code alerts}; null when they are empty or some alert's label names differ from the first's. */
        static SharedMask of(java.util.Collection<AlertInstance> alerts) {
            java.util.Iterator<AlertInstance> each = alerts.iterator();
            if (!each.hasNext() || !(each.next().labels() instanceof SortedLabels first)) {
                return null;
            }
            boolean[] shared = new boolean[first.size()];
            java.util.Arrays.fill(shared, true);
            while (each.hasNext()) {
                if (!(each.next().labels() instanceof SortedLabels labels) || !labels.sameNames(first)) {
                    return null;
                }
                for (int i = 0; i < shared.length; i++) {
                    if (shared[i] && !labels.value(i).equals(first.value(i))) {
                        shared[i] = false;
                    }
                }
            }
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < shared.length; i++) {
                if (shared[i]) {
                    map.put(first.name(i), first.value(i));
                }
            }
            return new SharedMask(first, shared, map);
        }
    }

    /**
     * The labels that every one of {@code alerts} has, with the same value (a hash map: looked up
     * once a label of each alert of a storm).
     */
    static Map<String, String> sharedLabels(java.util.Collection<AlertInstance> alerts) {
        java.util.Iterator<AlertInstance> each = alerts.iterator();
        if (!each.hasNext()) {
            return Map.of();
        }
        Map<String, String> shared = new HashMap<>(each.next().labels());
        while (each.hasNext() && !shared.isEmpty()) {
            Map<String, String> labels = each.next().labels();
            int same = 0;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                String value = shared.get(label.getKey());
                if (value != null && value.equals(label.getValue())) {
                    same++;
                }
            }
            if (same != shared.size()) {   // the rare case: some shared label differs or is missing here
                shared.entrySet().removeIf(label -> !label.getValue().equals(labels.get(label.getKey())));
            }
        }
        return shared;
    }

    /**
     * A rule's alerts in format 1, as written before format 2 (and by V0018's migration):
     * {@code [[labels, state, active_since, fired_at, keep_firing_since, "value", "incident id" or null], ...]}.
     * Only {@link #alertSet} still reads it; kept for the tests that prove it does.
     */
    static String alertSetTextFormat1(RuleState state, Map<String, String> incidentOf) {
        StringBuilder out = new StringBuilder(state.instances().size() * 200).append('[');
        for (AlertInstance instance : state.instances().values()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('[');
            JsonText.appendObject(out, instance.labels());
            out.append(",\"").append(instance.state().name()).append("\",").append(instance.activeSince().toEpochMilli()).append(',')
                    .append(millis(instance.firedAt())).append(',').append(millis(instance.keepFiringSince())).append(",\"")
                    .append(instance.value()).append("\",");
            String incidentId = incidentOf.get(instance.fingerprint());
            if (incidentId == null) {
                out.append("null");
            } else {
                JsonText.appendString(out, incidentId);
            }
            out.append(']');
        }
        return out.append(']').toString();
    }

    /** One rule's stored alerts, and the incident of each that has one, by fingerprint. */
    record AlertSet(String rule, RuleState state, Map<String, String> links) {}

    /**
     * The alerts of {@link #alertSetText} (format 2, a JSON object) or of format 1 (a JSON array,
     * written before), by fingerprint (recomputed from the labels, as evaluation does).
     */
    static AlertSet alertSet(String rule, String text) throws SQLException {
        try {
            JsonNode root = READER.readTree(text);
            Map<String, String> shared = new HashMap<>();
            JsonNode alerts = root;
            JsonNode incidents = null;
            JsonNode common = null;
            if (root.isObject()) {
                root.get("labels").properties().forEach(label -> shared.put(label.getKey(), label.getValue().asText()));
                incidents = root.get("incidents");
                alerts = root.get("alerts");
                common = root.get("common");
            }
            Map<String, AlertInstance> instances = new HashMap<>();
            Map<String, String> links = new HashMap<>();
            for (JsonNode alert : alerts) {
                Map<String, String> labels = new HashMap<>(shared);
                alert.get(0).properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
                String fingerprint = Fingerprint.of(labels);
                // An alert of its own labels alone is like the set's common one; else its fields follow its labels.
                JsonNode fields = alert.size() == 1 && common != null ? common : alert;
                int at = fields == alert ? 1 : 0;
                instances.put(fingerprint, new AlertInstance(fingerprint, labels, AlertState.valueOf(fields.get(at).asText()),
                        Instant.ofEpochMilli(fields.get(at + 1).asLong()), instant(fields.get(at + 2)), instant(fields.get(at + 3)),
                        Double.parseDouble(fields.get(at + 4).asText())));
                JsonNode incident = fields.get(at + 5);
                if (incident != null && !incident.isNull()) {
                    links.put(fingerprint, incidents == null ? incident.asText() : incidents.get(incident.asInt()).asText());
                }
            }
            return new AlertSet(rule, new RuleState(instances), links);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("unreadable alerts of rule " + rule, e);
        }
    }

    private static Instant instant(JsonNode millis) {
        return millis == null || millis.isNull() ? null : Instant.ofEpochMilli(millis.asLong());
    }

    /**
     * Whether the alerts are the same as stored. Both states are sorted by fingerprint, so they are
     * compared side by side (an alert seen again keeps its fingerprint object: equal at a glance),
     * not by looking each one up in the other.
     */
    private static boolean unchanged(RuleState previous, RuleState next) {
        if (previous.instances().size() != next.instances().size()) {
            return false;
        }
        java.util.Iterator<AlertInstance> before = previous.instances().values().iterator();
        for (AlertInstance instance : next.instances().values()) {
            AlertInstance was = before.next();
            if (!was.fingerprint().equals(instance.fingerprint()) || !sameRow(was, instance)) {
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

    /** Applies the incident action decided for one group's newly firing alerts; returns the incident they belong to. */
    private static String fired(IncidentBatch batch, List<AlertInstance> alerts, DetectionAction action, Instant now,
                                List<IncidentChange> changes) {
        return switch (action) {
            case DetectionAction.Open open -> {
                Incident incident = batch.open(open.incident(), open.key().value(), ACTOR);
                changes.add(new IncidentChange(IncidentChange.Kind.OPENED, incident, open.message()));
                if (alerts.size() > 1) {
                    batch.apply(incident.id(), i -> IncidentLifecycle.note(i, open.message(), ACTOR, now));
                }
                yield incident.id();
            }
            case DetectionAction.Join join -> {
                batch.apply(join.incidentId(), i -> IncidentLifecycle.note(i, join.message(), ACTOR, now));
                yield join.incidentId();
            }
            case DetectionAction.Reopen reopen -> {
                batch.apply(reopen.incidentId(), i -> IncidentLifecycle.reopen(i, reopen.message(), ACTOR, now))
                        .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.REOPENED, i, reopen.message())));
                yield reopen.incidentId();
            }
            default -> throw new IllegalStateException("firing alerts open, join or re-open, never " + action);
        };
    }

    private static void resolved(IncidentBatch batch, Rule rule, List<AlertInstance> alerts, String incidentId, int stillFiring,
                                 Instant now, List<IncidentChange> changes) {
        switch (Correlation.onResolved(rule, alerts, batch.current(incidentId), stillFiring)) {
            case DetectionAction.Resolve resolve -> batch.apply(resolve.incidentId(),
                    i -> IncidentLifecycle.resolve(i, resolve.message(), ACTOR, now))
                    .ifPresent(i -> changes.add(new IncidentChange(IncidentChange.Kind.RESOLVED, i, resolve.message())));
            case DetectionAction.Note note -> batch.apply(note.incidentId(), i -> IncidentLifecycle.note(i, note.message(), ACTOR, now));
            case DetectionAction.Nothing nothing -> { }
            default -> throw new IllegalStateException("resolved alerts resolve, note or do nothing");
        }
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
            // One multi-row statement (as the cycle's own writes): a JDBI binding per field of 1,000 rules cost more than the write.
            RowBatch rows = new RowBatch(database.dialect(), "rule_health", List.of(RowBatch.text("rule"), RowBatch.bigint("last_evaluation"),
                    RowBatch.bigint("duration_ms"), RowBatch.text("health"), RowBatch.text("last_error"), RowBatch.integer("pending"),
                    RowBatch.integer("firing")));
            for (RuleHealth h : health) {
                rows.add(h.rule(), h.lastEvaluation().toEpochMilli(), h.duration().toMillis(), h.ok() ? "ok" : "error", h.lastError(),
                        h.pending(), h.firing());
            }
            jdbi.useTransaction(handle -> {
                if (database.dialect() == Database.Dialect.POSTGRESQL) {
                    // Health is advisory and written again next cycle: its commit need not wait for the disk. A crash
                    // may lose the last cycle's health, never an incident (their transaction is durable, as ever).
                    handle.execute("SET LOCAL synchronous_commit = off");
                }
                rows.insert(handle, """
                    ON CONFLICT (rule) DO UPDATE SET last_evaluation = excluded.last_evaluation,
                        duration_ms = excluded.duration_ms, health = excluded.health, last_error = excluded.last_error,
                        pending = excluded.pending, firing = excluded.firing""");
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

    private static void appendMillis(StringBuilder out, Instant instant) {
        if (instant == null) {
            out.append("null");
        } else {
            out.append(instant.toEpochMilli());
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
