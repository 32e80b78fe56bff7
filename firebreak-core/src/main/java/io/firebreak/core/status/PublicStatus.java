package io.firebreak.core.status;

import io.firebreak.core.incident.IncidentStatus;
import java.util.Locale;

/**
 * The four words the public sees about an incident's progress. Our internal lifecycle has more
 * states (triggered, acknowledged, post-mortem, closed) whose difference is nobody else's business:
 * until someone has identified the cause we are "investigating", and once it is over it is
 * "resolved", whatever paperwork follows.
 */
public enum PublicStatus {
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED;

    public static PublicStatus of(IncidentStatus status) {
        return switch (status) {
            case TRIGGERED, ACKNOWLEDGED, INVESTIGATING -> INVESTIGATING;
            case IDENTIFIED -> IDENTIFIED;
            case MONITORING -> MONITORING;
            case RESOLVED, POSTMORTEM, CLOSED -> RESOLVED;
        };
    }

    /** The lower-case word, e.g. {@code investigating}. */
    public String wording() {
        return name().toLowerCase(Locale.ROOT);
    }
}
