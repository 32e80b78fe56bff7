package io.firebreak.core.oncall;

import java.time.Duration;
import java.time.Instant;

/** A stretch of time {@code [start, end)}: a gap with nobody on call, or a run of consecutive on-call time. */
public record Span(Instant start, Instant end) {
    public Span {
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("a span ends at or after it starts");
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
