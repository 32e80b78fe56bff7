package io.firebreak.server.ui;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.store.AlertStore;
import io.firebreak.server.store.OutboxRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the templates show, as plain values: times in UTC, ages in words, CSS classes for severity
 * and status. Text from outside stays as it came; the templates escape it.
 */
final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Views() {}

    record Pair(String name, String value) {}

    record Option(String value, String label, boolean selected) {}

    record IncidentRow(String id, String title, String sev, String sevClass, String status, String statusClass, String service,
                       String age, String detected, boolean open) {}

    record EventRow(String at, String actor, String type, String change, String message) {}

    record AlertView(String status, String statusClass, List<Pair> labels, List<Pair> annotations, String startsAt, String endsAt,
                     String generatorLink, String generatorText) {
        boolean hasAnnotations() {
            return !annotations.isEmpty();
        }
    }

    record DeliveryRow(String id, String incidentId, String channel, String event, String state, String stateClass, int attempts,
                       String lastStatus, String lastReason, String created, boolean retryable) {}

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code 45s}, {@code 12m}, {@code 3h 5m}, {@code 2d 4h}. */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
        }
        return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static IncidentRow row(Incident incident, Instant now) {
        Instant end = incident.status().isOpen() || incident.resolved() == null ? now : incident.resolved();
        return new IncidentRow(incident.id(), incident.title(), incident.severity().sev(), "sev" + incident.severity().level(),
                incident.status().name(), "status-" + lower(incident.status()), incident.service(),
                age(Duration.between(incident.detected(), end)), time(incident.detected()), incident.status().isOpen());
    }

    static EventRow event(IncidentEvent event) {
        String change = event.from() != null && event.to() != null ? event.from() + " → " + event.to()
                : event.to() != null ? "→ " + event.to() : "";
        return new EventRow(time(event.at()), event.actor(), event.type().wireName().replace('_', ' '), change, event.message());
    }

    static AlertView alert(AlertStore.StoredAlert stored) {
        var alert = stored.alert();
        String url = alert.generatorUrl() == null ? "" : alert.generatorUrl().strip();
        boolean link = Links.isHttp(url);
        return new AlertView(alert.firing() ? "firing" : "resolved", alert.firing() ? "state-firing" : "state-resolved",
                pairs(alert.labels()), pairs(alert.annotations()), time(alert.startsAt()), time(alert.endsAt()),
                link ? url : "", link ? "" : url);
    }

    static DeliveryRow delivery(OutboxRow row) {
        return new DeliveryRow(row.id(), row.incidentId(), row.channel(), row.event(), row.state(), "state-" + row.state(),
                row.attempts(), row.lastStatus() == 0 ? "" : String.valueOf(row.lastStatus()),
                row.lastReason() == null ? "" : row.lastReason(), time(row.created()), !row.state().equals("delivered"));
    }

    static List<Pair> pairs(Map<String, String> map) {
        return map == null ? List.of() : map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Pair(e.getKey(), e.getValue())).toList();
    }

    static List<Option> statuses(IncidentStatus current) {
        // Preselect the next step of the usual path (ACKNOWLEDGED -> INVESTIGATING ...), not TRIGGERED.
        return Arrays.stream(IncidentStatus.values()).filter(s -> s != current)
                .map(s -> new Option(s.name(), s.name().charAt(0) + lower(s).substring(1), s.ordinal() == current.ordinal() + 1))
                .toList();
    }

    static List<Option> severities(Severity current) {
        return Arrays.stream(Severity.values())
                .map(s -> new Option(s.name(), s.sev() + " (" + lower(s) + ")", s == current)).toList();
    }
}
