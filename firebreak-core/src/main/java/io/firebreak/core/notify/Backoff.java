package io.firebreak.core.notify;

import java.time.Duration;
import java.util.Optional;

/** When to try a failed delivery again: 1 s, 2 s, 4 s ... capped at 5 minutes, with ±20% jitter; Retry-After wins. */
public final class Backoff {
    public static final Duration CAP = Duration.ofMinutes(5);

    private Backoff() {}

    /**
     * @param attempts how many attempts have failed so far (1 after the first)
     * @param jitter   a number in [0, 1) from the caller's random source, so this stays pure
     */
    public static Duration next(int attempts, Optional<Duration> retryAfter, double jitter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long base = 1000L << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, CAP.toMillis());
        long spread = (long) (capped * 0.2 * (2 * jitter - 1));
        return Duration.ofMillis(Math.min(CAP.toMillis(), Math.max(1, capped + spread)));
    }
}
