package io.firebreak.server.api;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of incidents and timeline events, shared by the CLI's --json, webhooks and (later) the HTTP API. */
public final class IncidentJson {
    private IncidentJson() {}

    public static Map<String, Object> incident(Incident incident) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", incident.id());
        out.put("title", incident.title());
        out.put("severity", incident.severity().name());
        out.put("sev", incident.severity().sev());
        out.put("status", incident.status().name());
        out.put("service", incident.service());
        out.put("source", incident.source());
        out.put("labels", incident.sortedLabels());
        out.put("runbook", incident.runbook());
        out.put("public_summary", incident.publicSummary());
        out.put("commander", incident.commander());
        out.put("responders", incident.responders());
        out.put("impact_started", iso(incident.impactStarted()));
        out.put("detected", iso(incident.detected()));
        out.put("acknowledged", iso(incident.acknowledged()));
        out.put("resolved", iso(incident.resolved()));
        out.put("time_to_detect_seconds", incident.timeToDetect().toMillis() / 1000.0);
        out.put("time_to_acknowledge_seconds", incident.timeToAcknowledge().map(d -> d.toMillis() / 1000.0).orElse(null));
        out.put("time_to_resolve_seconds", incident.timeToResolve().map(d -> d.toMillis() / 1000.0).orElse(null));
        return out;
    }

    public static Map<String, Object> event(IncidentEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", event.sequence());
        out.put("at", iso(event.at()));
        out.put("actor", event.actor());
        out.put("type", event.type().wireName());
        out.put("from", event.from() == null ? null : event.from().name());
        out.put("to", event.to() == null ? null : event.to().name());
        out.put("message", event.message());
        return out;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
