package io.firebreak.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Text and JSON renderings of incidents, shared by the commands. Times are UTC. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Output() {}

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    static String duration(Optional<Duration> duration) {
        return duration.map(Durations::format).orElse("-");
    }

    /** Columns padded to their widest cell; the last column is not padded. */
    static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** One line for an incident that detection opened, re-opened or resolved. */
    static String change(io.firebreak.server.store.IncidentChange change, String when) {
        Incident incident = change.incident();
        String timing = switch (change.kind()) {
            case OPENED -> "time to detect " + Durations.format(incident.timeToDetect());
            case REOPENED -> "re-opened within the dedup window";
            case RESOLVED -> "time to resolve " + duration(incident.timeToResolve());
        };
        return when + "  " + pad(change.kind().name(), 9) + incident.id() + "  " + incident.severity().sev() + "  "
                + incident.title() + "  (" + timing + ")";
    }

    static Map<String, Object> incidentJson(Incident incident) {
        return io.firebreak.server.api.IncidentJson.incident(incident);
    }

    static Map<String, Object> eventJson(IncidentEvent event) {
        return io.firebreak.server.api.IncidentJson.event(event);
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The detail view of {@code incident show}: fields, then the full timeline. */
    static String detail(Incident incident, List<IncidentEvent> timeline) {
        StringBuilder out = new StringBuilder();
        out.append(incident.id()).append("  ").append(incident.title()).append('\n');
        field(out, "severity", incident.severity().sev() + " (" + incident.severity() + ")");
        field(out, "status", incident.status().name());
        field(out, "service", incident.service().isEmpty() ? "-" : incident.service());
        field(out, "source", incident.source());
        field(out, "runbook", incident.runbook().isEmpty() ? "-" : incident.runbook());
        field(out, "commander", incident.commander().isEmpty() ? "-" : incident.commander());
        field(out, "responders", incident.responders().isEmpty() ? "-" : String.join(", ", incident.responders()));
        field(out, "labels", incident.labels().isEmpty() ? "-" : incident.sortedLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
        field(out, "impact started", time(incident.impactStarted()));
        field(out, "detected", time(incident.detected()) + "  (time to detect " + Durations.format(incident.timeToDetect()) + ")");
        field(out, "acknowledged", incident.acknowledged() == null ? "-"
                : time(incident.acknowledged()) + "  (time to acknowledge " + duration(incident.timeToAcknowledge()) + ")");
        field(out, "resolved", incident.resolved() == null ? "-"
                : time(incident.resolved()) + "  (time to resolve " + duration(incident.timeToResolve()) + ")");
        out.append("\nTimeline\n");
        List<List<String>> rows = new ArrayList<>();
        for (IncidentEvent event : timeline) {
            String move = event.to() == null ? "" : (event.from() == null ? "" : event.from() + " -> ") + event.to();
            rows.add(List.of(time(event.at()), event.actor(), event.type().wireName(), move, event.message()));
        }
        String table = table(List.of("TIME", "BY", "EVENT", "STATUS", "MESSAGE"), rows);
        table.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append("  ").append(pad(name, 16)).append(value).append('\n');
    }
}
