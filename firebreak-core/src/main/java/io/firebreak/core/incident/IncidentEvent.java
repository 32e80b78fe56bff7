package io.firebreak.core.incident;

import java.time.Instant;

/**
 * One line of an incident's timeline: who did what, when, and the status move it caused.
 *
 * @param sequence position in the incident's timeline, from 1
 * @param from     the status before, or null when the status did not change
 * @param to       the status after, or null when the status did not change
 */
public record IncidentEvent(
        String incidentId,
        int sequence,
        Instant at,
        String actor,
        EventType type,
        IncidentStatus from,
        IncidentStatus to,
        String message) {

    public IncidentEvent {
        if (incidentId == null || at == null || actor == null || type == null) {
            throw new IllegalArgumentException("timeline event needs incident id, time, actor and type");
        }
        message = message == null ? "" : message;
    }

    /** An event not yet given its place in the timeline; the store numbers it. */
    public record Draft(Instant at, String actor, EventType type, IncidentStatus from, IncidentStatus to, String message) {
        public Draft {
            if (at == null || actor == null || actor.isBlank() || type == null) {
                throw new IllegalArgumentException("timeline event needs time, actor and type");
            }
            message = message == null ? "" : message;
        }

        public IncidentEvent numbered(String incidentId, int sequence) {
            return new IncidentEvent(incidentId, sequence, at, actor, type, from, to, message);
        }
    }
}
