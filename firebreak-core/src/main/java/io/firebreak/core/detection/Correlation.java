package io.firebreak.core.detection;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Templates;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Alerts to incidents, as pure decisions: a firing alert opens an incident, joins the open one of
 * its group, or re-opens the group's incident if that resolved within the dedup window; when the
 * last firing alert of an incident resolves, the incident resolves (unless the rule says
 * {@code auto_resolve: false}).
 */
public final class Correlation {
    private Correlation() {}

    /**
     * What a decision needs of a group's most recent incident: whether it is open, and when it
     * resolved. A storm decides for 1,000 groups at once, and reads these three columns of them
     * rather than 1,000 whole incidents with their labels.
     */
    public record Latest(String id, IncidentStatus status, Instant resolved) {
        public Latest {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(status, "status");
        }

        public static Latest of(Incident incident) {
            return new Latest(incident.id(), incident.status(), incident.resolved());
        }
    }

    /**
     * Decides for the alerts of one group that started firing in one evaluation.
     *
     * @param alerts the group's newly firing alerts, at least one; the first names a new incident
     * @param latest the group's most recent incident, open or not, if any
     */
    public static DetectionAction onFired(Rule rule, List<AlertInstance> alerts, Optional<Latest> latest, Duration dedupWindow, Instant now) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("onFired needs at least one alert");
        }
        String what = describe(alerts);
        Optional<DetectionAction> existing = joinOrReopen(latest, alerts.size(), what, dedupWindow, now);
        if (existing.isPresent()) {
            return existing.get();
        }
        AlertInstance first = alerts.get(0);
        Map<String, String> labels = new TreeMap<>(first.labels());
        String title = Templates.render(rule.summary(), first.labels(), first.value());
        Instant impactStarted = first.activeSince();   // the earliest alert's start (a loop: a storm asks this 1,000 times a cycle)
        for (AlertInstance alert : alerts) {
            if (alert.activeSince().isBefore(impactStarted)) {
                impactStarted = alert.activeSince();
            }
        }
        var spec = new NewIncident(title, rule.severity(), service(rule, first), "rule:" + rule.name(), labels, rule.runbook(),
                impactStarted);
        return new DetectionAction.Open(GroupKey.of(rule, first.labels()), spec, plural(alerts, "alert firing: ", " alerts firing: ") + what);
    }

    /** One alert: {@link #onFired(Rule, List, Optional, Duration, Instant)} with a list of one. */
    public static DetectionAction onFired(Rule rule, AlertInstance alert, Optional<Latest> latest, Duration dedupWindow, Instant now) {
        return onFired(rule, List.of(alert), latest, dedupWindow, now);
    }

    /**
     * Decides for the alerts of one incident that resolved in one evaluation.
     *
     * @param incident    the incident the alerts belonged to, if it still exists
     * @param stillFiring how many other alerts of that incident are still firing
     */
    public static DetectionAction onResolved(Rule rule, List<AlertInstance> alerts, Optional<Incident> incident, int stillFiring) {
        String what = alerts.isEmpty() ? "" : describe(alerts);
        Optional<DetectionAction> unsettled = notLastToResolve(incident, alerts.size(), what, stillFiring);
        if (unsettled.isPresent()) {
            return unsettled.get();
        }
        if (!rule.autoResolve()) {
            return new DetectionAction.Note(incident.get().id(), "all alerts resolved: " + what
                    + " (auto_resolve is off for " + rule.name() + ": resolve it by hand)");
        }
        return new DetectionAction.Resolve(incident.get().id(), "all alerts resolved: " + what);
    }

    public static DetectionAction onResolved(Rule rule, AlertInstance alert, Optional<Incident> incident, int stillFiring) {
        return onResolved(rule, List.of(alert), incident, stillFiring);
    }

    private static String plural(List<AlertInstance> alerts, String one, String many) {
        return alerts.size() == 1 ? one : alerts.size() + many;
    }

    /**
     * What newly firing alerts do to their group's latest incident, whatever their source: join it
     * while it is open, re-open it when it resolved within the dedup window; empty means "open a new one".
     *
     * @param count how many alerts fire, for the message
     * @param what  the alerts in one line
     */
    public static Optional<DetectionAction> joinOrReopen(Optional<Latest> latest, int count, String what, Duration dedupWindow,
                                                         Instant now) {
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Latest incident = latest.get();
        if (incident.status().isOpen()) {
            return Optional.of(new DetectionAction.Join(incident.id(), (count == 1 ? "alert firing: " : count + " alerts firing: ") + what));
        }
        if (incident.status() == IncidentStatus.RESOLVED && incident.resolved() != null
                && Duration.between(incident.resolved(), now).compareTo(dedupWindow) <= 0) {
            return Optional.of(new DetectionAction.Reopen(incident.id(), "fired again " + Durations.format(Duration.between(incident.resolved(), now))
                    + " after resolving (dedup window " + Durations.format(dedupWindow) + "): " + what));
        }
        return Optional.empty();
    }

    /**
     * What resolved alerts do when they are not the last of an open incident: nothing (no incident,
     * or it is closed already) or a note (others still fire); empty means they were the last.
     */
    public static Optional<DetectionAction> notLastToResolve(Optional<Incident> incident, int count, String what, int stillFiring) {
        if (incident.isEmpty()) {
            return Optional.of(new DetectionAction.Nothing("the alert had no incident"));
        }
        if (!incident.get().status().isOpen()) {
            return Optional.of(new DetectionAction.Nothing(incident.get().id() + " is already " + incident.get().status()));
        }
        if (stillFiring > 0) {
            return Optional.of(new DetectionAction.Note(incident.get().id(), (count == 1 ? "alert resolved: " : count + " alerts resolved: ")
                    + what + " (" + stillFiring + " still firing)"));
        }
        return Optional.empty();
    }

    /** Up to five alerts in one line each separated by "; ", then how many more. */
    static String describe(List<AlertInstance> alerts) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(5, alerts.size()); i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(describe(alerts.get(i)));
        }
        if (alerts.size() > 5) {
            out.append("; and ").append(alerts.size() - 5).append(" more");
        }
        return out.toString();
    }

    static String service(Rule rule, AlertInstance alert) {
        return rule.service().isEmpty() ? alert.labels().getOrDefault("service", "") : rule.service();
    }

    /** The alert in one line: its labels other than alertname, and its value. */
    static String describe(AlertInstance alert) {
        Map<String, String> shown = new TreeMap<>(alert.labels());
        shown.remove("alertname");
        return io.firebreak.core.rule.Fingerprint.of(shown) + " value " + Templates.formatValue(alert.value());
    }
}
