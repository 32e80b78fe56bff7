package io.firebreak.server.store;

import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Instant;
import java.util.Optional;

/**
 * Which incidents to list. Empty fields do not filter.
 *
 * @param since    only incidents detected at or after this instant
 * @param openOnly only incidents that are not yet resolved
 * @param limit    at most this many, newest first
 */
public record IncidentQuery(Optional<IncidentStatus> status, Optional<Severity> severity,
                            Optional<Instant> since, boolean openOnly, int limit) {

    public static IncidentQuery all() {
        return new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), false, 10_000);
    }

    public IncidentQuery withSince(Instant instant) {
        return new IncidentQuery(status, severity, Optional.of(instant), openOnly, limit);
    }
}
