package io.firebreak.core.oncall;

import java.time.Duration;
import java.time.Instant;

/**
 * Time someone logged on an incident ({@code incident log-time ID 1h30m}); it replaces the time
 * computed from the timeline for that person and incident, and counts in the week and month of {@code at}.
 */
public record TimeLog(String incidentId, String person, Duration spent, Instant at) {
    public TimeLog {
        if (incidentId == null || person == null || spent == null || at == null || spent.isNegative() || spent.isZero()) {
            throw new IllegalArgumentException("logged time needs an incident, a person, a positive duration and a time");
        }
    }
}
