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
     * @param latest the group's most recent incident, open or not, if any
     */
    public static DetectionAction onFired(Rule rule, AlertInstance alert, Optional<Incident> latest, Duration dedupWindow, Instant now) {
        String what = describe(alert);
        if (latest.isPresent()) {
            Incident incident = latest.get();
            if (incident.status().isOpen()) {
                return new DetectionAction.Join(incident.id(), "alert firing: " + what);
            }
            if (incident.status() == IncidentStatus.RESOLVED && incident.resolved() != null
                    && Duration.between(incident.resolved(), now).compareTo(dedupWindow) <= 0) {
                return new DetectionAction.Reopen(incident.id(), "fired again " + Durations.format(Duration.between(incident.resolved(), now))
                        + " after resolving (dedup window " + Durations.format(dedupWindow) + "): " + what);
            }
        }
        Map<String, String> labels = new TreeMap<>(alert.labels());
        String title = Templates.render(rule.summary(), alert.labels(), alert.value());
        var spec = new NewIncident(title, rule.severity(), service(rule, alert), "rule:" + rule.name(), labels, rule.runbook(),
                alert.activeSince());
        return new DetectionAction.Open(GroupKey.of(rule, alert.labels()), spec, "alert firing: " + what);
    }

    /**
     * @param incident    the incident the alert belonged to, if it still exists
     * @param stillFiring how many other alerts of that incident are still firing
     */
    public static DetectionAction onResolved(Rule rule, AlertInstance alert, Optional<Incident> incident, int stillFiring) {
        if (incident.isEmpty()) {
            return new DetectionAction.Nothing("the alert had no incident");
        }
        if (!incident.get().status().isOpen()) {
            return new DetectionAction.Nothing(incident.get().id() + " is already " + incident.get().status());
        }
        String what = describe(alert);
        if (stillFiring > 0) {
            return new DetectionAction.Note(incident.get().id(), "alert resolved: " + what + " (" + stillFiring + " still firing)");
        }
        if (!rule.autoResolve()) {
            return new DetectionAction.Note(incident.get().id(), "all alerts resolved: " + what
                    + " (auto_resolve is off for " + rule.name() + ": resolve it by hand)");
        }
        return new DetectionAction.Resolve(incident.get().id(), "all alerts resolved: " + what);
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
