package io.firebreak.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An incident: what people handle. Durations (time to detect, acknowledge, resolve) are derived
 * from the timestamps, never stored.
 *
 * @param id            {@code INC-YYYYMMDD-NNN}
 * @param service       the affected service, or empty
 * @param source        what declared it: {@code manual}, {@code rule:<name>}, {@code alert:<name>}
 * @param impactStarted when the condition was first true (equals detected for manual incidents)
 * @param detected      when Firebreak (or a person) declared it
 * @param acknowledged  first acknowledgement, null until then
 * @param resolved      last resolution, null while open (cleared on re-open)
 * @param updated       the time of the last change
 */
public record Incident(
        String id,
        String title,
        Severity severity,
        IncidentStatus status,
        String service,
        String source,
        Map<String, String> labels,
        String runbook,
        String publicSummary,
        String commander,
        List<String> responders,
        Instant impactStarted,
        Instant detected,
        Instant acknowledged,
        Instant resolved,
        Instant updated) {

    public Incident {
        requireText(id, "id");
        requireText(title, "title");
        if (severity == null || status == null || detected == null || updated == null) {
            throw new IllegalArgumentException("incident " + id + " needs severity, status, detected and updated");
        }
        service = service == null ? "" : service;
        source = source == null ? "manual" : source;
        labels = labels == null || labels.isEmpty() ? Map.of() : Map.copyOf(new TreeMap<>(labels));   // no TreeMap per label-less incident
        runbook = runbook == null ? "" : runbook;
        publicSummary = publicSummary == null ? "" : publicSummary;
        commander = commander == null ? "" : commander;
        responders = responders == null ? List.of() : List.copyOf(responders);
        impactStarted = impactStarted == null ? detected : impactStarted;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("incident " + field + " must not be blank");
        }
    }

    /** Labels sorted by name, for stable output. */
    public Map<String, String> sortedLabels() {
        return new TreeMap<>(labels);
    }

    /** From the first sign of impact to detection. */
    public Duration timeToDetect() {
        return Duration.between(impactStarted, detected);
    }

    /** From detection to the first acknowledgement. */
    public Optional<Duration> timeToAcknowledge() {
        return Optional.ofNullable(acknowledged).map(at -> Duration.between(detected, at));
    }

    /** From detection to resolution. */
    public Optional<Duration> timeToResolve() {
        return Optional.ofNullable(resolved).map(at -> Duration.between(detected, at));
    }

    /** This incident as it looked in {@code historicStatus}: for a message about an event that has since been overtaken. */
    public Incident inStatus(IncidentStatus historicStatus) {
        return new Incident(id, title, severity, historicStatus, service, source, labels, runbook, publicSummary,
                commander, responders, impactStarted, detected, acknowledged, resolved, updated);
    }

    Incident with(IncidentStatus newStatus, Instant newAcknowledged, Instant newResolved, Instant now) {
        return new Incident(id, title, severity, newStatus, service, source, labels, runbook, publicSummary,
                commander, responders, impactStarted, detected, newAcknowledged, newResolved, now);
    }

    Incident withPublicSummary(String newSummary, Instant now) {
        return new Incident(id, title, severity, status, service, source, labels, runbook, newSummary,
                commander, responders, impactStarted, detected, acknowledged, resolved, now);
    }

    Incident withCommander(String newCommander, Instant now) {
        return new Incident(id, title, severity, status, service, source, labels, runbook, publicSummary,
                newCommander, responders, impactStarted, detected, acknowledged, resolved, now);
    }

    Incident withResponders(List<String> newResponders, Instant now) {
        return new Incident(id, title, severity, status, service, source, labels, runbook, publicSummary,
                commander, newResponders, impactStarted, detected, acknowledged, resolved, now);
    }

    Incident withSeverity(Severity newSeverity, Instant now) {
        return new Incident(id, title, newSeverity, status, service, source, labels, runbook, publicSummary,
                commander, responders, impactStarted, detected, acknowledged, resolved, now);
    }

    Incident touched(Instant now) {
        return new Incident(id, title, severity, status, service, source, labels, runbook, publicSummary,
                commander, responders, impactStarted, detected, acknowledged, resolved, now);
    }
}
