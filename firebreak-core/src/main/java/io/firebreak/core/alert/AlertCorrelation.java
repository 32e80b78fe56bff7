package io.firebreak.core.alert;

import io.firebreak.core.detection.Correlation;
import io.firebreak.core.detection.DetectionAction;
import io.firebreak.core.detection.GroupKey;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * External alerts to incidents, as pure decisions, with the same rules as rule-detected alerts: the
 * alerts of one group that start firing open an incident, join the open one, or re-open the group's
 * incident if it resolved within the dedup window; when the last firing alert of an incident
 * resolves, the incident resolves.
 */
public final class AlertCorrelation {
    private AlertCorrelation() {}

    /** How alert labels become incident fields. */
    public record Mapping(Map<String, Severity> severities, Severity defaultSeverity) {
        public Mapping {
            severities = Map.copyOf(severities);
        }

        /** The severity of an alert: its {@code severity} label through the mapping, else the default. */
        public Severity severity(Map<String, String> labels) {
            String label = labels.get("severity");
            if (label == null || label.isBlank()) {
                return defaultSeverity;
            }
            Severity mapped = severities.get(label.strip().toLowerCase(Locale.ROOT));
            return mapped != null ? mapped : Severity.parse(label).orElse(defaultSeverity);
        }
    }

    /**
     * Decides for the alerts of one group that started firing in one request.
     *
     * @param alerts the group's newly firing alerts, at least one; the worst names a new incident
     * @param latest the group's most recent incident, open or not
     */
    public static DetectionAction onFiring(List<ExternalAlert> alerts, Optional<Incident> latest, Mapping mapping,
                                           Duration dedupWindow, Instant now) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("onFiring needs at least one alert");
        }
        String what = describe(alerts);
        String prefix = alerts.size() == 1 ? "alert firing: " : alerts.size() + " alerts firing: ";
        Optional<DetectionAction> existing = Correlation.joinOrReopen(latest.map(Correlation.Latest::of), alerts.size(), what, dedupWindow, now);
        if (existing.isPresent()) {
            return existing.get();
        }
        ExternalAlert worst = alerts.get(0);
        for (ExternalAlert alert : alerts) {
            if (mapping.severity(alert.labels()).level() < mapping.severity(worst.labels()).level()) {
                worst = alert;
            }
        }
        Instant impact = alerts.stream().map(ExternalAlert::startsAt).min(Instant::compareTo).orElseThrow();
        var spec = new NewIncident(title(worst), mapping.severity(worst.labels()), worst.labels().getOrDefault("service", ""),
                "alert:" + (worst.alertname().isEmpty() ? worst.source() : worst.alertname()), worst.labels(), runbook(worst),
                impact);
        return new DetectionAction.Open(new GroupKey(worst.groupKey()), spec, prefix + what);
    }

    /**
     * Decides for the alerts of one incident that resolved in one request.
     *
     * @param stillFiring how many other alerts of that incident are still firing
     */
    public static DetectionAction onResolved(List<ExternalAlert> alerts, Optional<Incident> incident, int stillFiring) {
        String what = describe(alerts);
        Optional<DetectionAction> unsettled = Correlation.notLastToResolve(incident, alerts.size(), what, stillFiring);
        if (unsettled.isPresent()) {
            return unsettled.get();
        }
        return new DetectionAction.Resolve(incident.get().id(), "all alerts resolved: " + what);
    }

    /** The incident title: the {@code summary} annotation, else {@code title}, else the alert name and its service or instance. */
    public static String title(ExternalAlert alert) {
        for (String key : List.of("summary", "title")) {
            String value = alert.annotations().get(key);
            if (value != null && !value.isBlank()) {
                return oneLine(value);
            }
        }
        String name = alert.alertname().isEmpty() ? "Alert" : alert.alertname();
        String where = alert.labels().getOrDefault("service", alert.labels().getOrDefault("instance", ""));
        return where.isEmpty() ? name : name + " on " + where;
    }

    /** The runbook: the {@code runbook_url} annotation, else {@code runbook}, else nothing. */
    public static String runbook(ExternalAlert alert) {
        String url = alert.annotations().get("runbook_url");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        return alert.annotations().getOrDefault("runbook", "").strip();
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }

    /** Up to five alerts, separated by "; ", then how many more. */
    static String describe(List<ExternalAlert> alerts) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(5, alerts.size()); i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(Fingerprint.of(new TreeMap<>(alerts.get(i).labels())));
        }
        if (alerts.size() > 5) {
            out.append("; and ").append(alerts.size() - 5).append(" more");
        }
        return out.toString();
    }
}
