package io.firebreak.server.store;

import io.firebreak.core.incident.Incident;

/** An incident that detection opened, re-opened or resolved, for output and webhooks. */
public record IncidentChange(Kind kind, Incident incident, String message) {
    /** What happened to the incident. */
    public enum Kind {
        OPENED, REOPENED, RESOLVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
