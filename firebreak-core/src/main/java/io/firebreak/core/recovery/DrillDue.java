package io.firebreak.core.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a recurring drill is due: {@code every} after its last passed run. A drill that never passed is
 * due now; a failed run does not move the due date (the drill still has to be done).
 */
public record DrillDue(Optional<Instant> lastPassed, Duration every) {
    public DrillDue {
        lastPassed = lastPassed == null ? Optional.empty() : lastPassed;
    }

    /** The due date, or empty when it never passed (due at once). */
    public Optional<Instant> nextDue() {
        return lastPassed.map(last -> last.plus(every));
    }

    public boolean overdue(Instant now) {
        return nextDue().map(now::isAfter).orElse(true);
    }
}
