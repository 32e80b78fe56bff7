package io.firebreak.core.oncall;

import java.time.Duration;
import java.time.Instant;

/**
 * A person on call in one schedule from {@code start} to {@code end}.
 *
 * @param covering true when an override put the person there (they are not the rotation's participant for this time)
 */
public record Shift(String schedule, String person, Instant start, Instant end, boolean covering) {
    public Shift {
        if (schedule == null || person == null || start == null || end == null || !end.isAfter(start)) {
            throw new IllegalArgumentException("a shift needs a schedule, a person and a span that ends after it starts");
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
