package io.firebreak.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every change to an incident, as pure functions of (incident, request, now). Each returns either
 * the changed incident with the timeline events to append, or a rejection with its reason; the
 * store writes both in one transaction.
 */
public final class IncidentLifecycle {
    private IncidentLifecycle() {}

    /** A new incident in TRIGGERED with its OPENED event. */
    public static Change.Applied open(NewIncident spec, IncidentId id, String actor, Instant now) {
        Instant impact = spec.impactStarted() == null || spec.impactStarted().isAfter(now) ? now : spec.impactStarted();
        var incident = new Incident(id.toString(), spec.title(), spec.severity(), IncidentStatus.TRIGGERED,
                spec.service(), spec.source(), spec.labels(), spec.runbook(), "", "", List.of(),
                impact, now, null, null, now);
        String what = spec.severity().sev() + " " + spec.title() + (incident.service().isEmpty() ? "" : " (" + incident.service() + ")");
        var event = new IncidentEvent.Draft(now, actor, EventType.OPENED, null, IncidentStatus.TRIGGERED, "opened: " + what);
        return new Change.Applied(incident, List.of(event));
    }

    public static Change acknowledge(Incident incident, String actor, Instant now) {
        if (incident.status() != IncidentStatus.TRIGGERED) {
            return new Change.Rejected(incident.acknowledged() != null && incident.status().isOpen()
                    ? "incident is already acknowledged (status " + incident.status() + ")"
                    : "only a TRIGGERED incident can be acknowledged; this one is " + incident.status());
        }
        return changeStatus(incident, IncidentStatus.ACKNOWLEDGED, "", actor, now);
    }

    public static Change resolve(Incident incident, String message, String actor, Instant now) {
        return changeStatus(incident, IncidentStatus.RESOLVED, message, actor, now);
    }

    /** Re-opens a RESOLVED incident: it is TRIGGERED again and must be acknowledged again. */
    public static Change reopen(Incident incident, String message, String actor, Instant now) {
        return changeStatus(incident, IncidentStatus.TRIGGERED, message, actor, now);
    }

    /**
     * Moves the incident to {@code target}. A TRIGGERED incident moved to a working state counts as
     * acknowledged at that moment, with its own ACKNOWLEDGED event, so time to acknowledge stays honest.
     */
    public static Change changeStatus(Incident incident, IncidentStatus target, String message, String actor, Instant now) {
        Optional<String> rejection = IncidentTransitions.rejection(incident.status(), target);
        if (rejection.isPresent()) {
            return new Change.Rejected(rejection.get());
        }
        IncidentStatus from = incident.status();
        List<IncidentEvent.Draft> events = new ArrayList<>();
        Instant acknowledged = incident.acknowledged();
        Instant resolved = incident.resolved();
        IncidentStatus eventFrom = from;
        if (from == IncidentStatus.TRIGGERED && target.isWorking()) {
            acknowledged = acknowledged == null ? now : acknowledged;
            events.add(new IncidentEvent.Draft(now, actor, EventType.ACKNOWLEDGED, from, IncidentStatus.ACKNOWLEDGED,
                    "acknowledged by moving to " + target));
            eventFrom = IncidentStatus.ACKNOWLEDGED;
        }
        EventType type = switch (target) {
            case ACKNOWLEDGED -> EventType.ACKNOWLEDGED;
            case RESOLVED -> EventType.RESOLVED;
            case TRIGGERED -> EventType.REOPENED;
            default -> EventType.STATUS_CHANGED;
        };
        if (target == IncidentStatus.ACKNOWLEDGED && acknowledged == null) {
            acknowledged = now;
        }
        if (target == IncidentStatus.RESOLVED) {
            resolved = now;
        }
        if (target == IncidentStatus.TRIGGERED) {
            resolved = null;
        }
        events.add(new IncidentEvent.Draft(now, actor, type, eventFrom, target, message));
        return new Change.Applied(incident.with(target, acknowledged, resolved, now), events);
    }

    /**
     * An acknowledgement that went stale (the escalation policy's {@code ack_timeout}): the incident
     * is TRIGGERED again, so escalation resumes. The first acknowledgement time stays, so time to
     * acknowledge stays what it was.
     */
    public static Change returnToTriggered(Incident incident, String message, String actor, Instant now) {
        if (incident.status() != IncidentStatus.ACKNOWLEDGED) {
            return new Change.Rejected("only an ACKNOWLEDGED incident returns to TRIGGERED; this one is " + incident.status());
        }
        var event = new IncidentEvent.Draft(now, actor, EventType.STATUS_CHANGED, IncidentStatus.ACKNOWLEDGED, IncidentStatus.TRIGGERED,
                message);
        return new Change.Applied(incident.with(IncidentStatus.TRIGGERED, incident.acknowledged(), incident.resolved(), now), List.of(event));
    }

    /** A free-text note on the timeline; allowed in every status. */
    public static Change note(Incident incident, String text, String actor, Instant now) {
        if (text == null || text.isBlank()) {
            return new Change.Rejected("a note needs some text");
        }
        var event = new IncidentEvent.Draft(now, actor, EventType.NOTE, null, null, text.strip());
        return new Change.Applied(incident.touched(now), List.of(event));
    }

    /**
     * A public update: the text becomes the incident's public summary (what the status page shows)
     * and a {@code PUBLIC_UPDATE} event tells the status page and stakeholder channels. Allowed in
     * every status, since a post-resolution update is part of the communication plan.
     */
    public static Change publicUpdate(Incident incident, String text, String actor, Instant now) {
        if (text == null || text.isBlank()) {
            return new Change.Rejected("a public update needs some text");
        }
        String summary = text.strip();
        if (summary.length() > 2000) {
            return new Change.Rejected("a public update is at most 2000 characters (was " + summary.length() + ")");
        }
        var event = new IncidentEvent.Draft(now, actor, EventType.PUBLIC_UPDATE, null, null, summary);
        return new Change.Applied(incident.withPublicSummary(summary, now), List.of(event));
    }

    /** A communication record (reminder, milestone) by the communication module; allowed in every status. */
    public static Change communication(Incident incident, String text, String actor, Instant now) {
        if (text == null || text.isBlank()) {
            return new Change.Rejected("a communication record needs some text");
        }
        var event = new IncidentEvent.Draft(now, actor, EventType.COMMUNICATION, null, null, text.strip());
        return new Change.Applied(incident.touched(now), List.of(event));
    }

    public static Change assignCommander(Incident incident, String commander, String actor, Instant now) {
        if (commander == null || commander.isBlank()) {
            return new Change.Rejected("the commander needs a name");
        }
        String name = commander.strip();
        if (name.equals(incident.commander())) {
            return new Change.Rejected(name + " is already the incident commander");
        }
        String message = incident.commander().isEmpty()
                ? "incident commander: " + name
                : "incident commander: " + name + " (was " + incident.commander() + ")";
        var event = new IncidentEvent.Draft(now, actor, EventType.COMMANDER_ASSIGNED, null, null, message);
        return new Change.Applied(incident.withCommander(name, now), List.of(event));
    }

    public static Change addResponder(Incident incident, String responder, String actor, Instant now) {
        if (responder == null || responder.isBlank()) {
            return new Change.Rejected("the responder needs a name");
        }
        String name = responder.strip();
        if (incident.responders().contains(name)) {
            return new Change.Rejected(name + " is already a responder");
        }
        List<String> responders = new ArrayList<>(incident.responders());
        responders.add(name);
        var event = new IncidentEvent.Draft(now, actor, EventType.RESPONDER_ADDED, null, null, "responder: " + name);
        return new Change.Applied(incident.withResponders(responders, now), List.of(event));
    }

    /** Changes the severity; the reason is required, since a severity change changes who gets paged. */
    public static Change changeSeverity(Incident incident, Severity severity, String reason, String actor, Instant now) {
        if (severity == null) {
            return new Change.Rejected("the new severity is missing");
        }
        if (reason == null || reason.isBlank()) {
            return new Change.Rejected("a severity change needs a reason");
        }
        if (severity == incident.severity()) {
            return new Change.Rejected("the incident is already " + severity.sev());
        }
        String message = "severity " + incident.severity().sev() + " → " + severity.sev() + ": " + reason.strip();
        var event = new IncidentEvent.Draft(now, actor, EventType.SEVERITY_CHANGED, null, null, message);
        return new Change.Applied(incident.withSeverity(severity, now), List.of(event));
    }
}
