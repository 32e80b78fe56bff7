package io.firebreak.core.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup's age against its RPO at one instant. A source that could not be read is {@link State#UNHEALTHY}
 * and never fresh: an unknown age cannot prove the RPO is met.
 *
 * @param newest the time of the newest copy, when the source could tell
 * @param detail what the source said (the file, the failure count) or why it could not be read
 */
public record Freshness(State state, Optional<Instant> newest, Duration rpo, String detail) {

    /** Where a backup stands against its RPO. */
    public enum State {
        FRESH, STALE, UNHEALTHY
    }

    public Freshness {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rpo, "rpo");
        newest = newest == null ? Optional.empty() : newest;
        detail = detail == null ? "" : detail;
    }

    /** Judges a copy made at {@code newest}: older than {@code rpo} at {@code now} is stale (exactly the RPO is still fresh). */
    public static Freshness judge(Instant newest, Duration rpo, Instant now, String detail) {
        Duration age = Duration.between(newest, now);
        return new Freshness(age.compareTo(rpo) > 0 ? State.STALE : State.FRESH, Optional.of(newest), rpo, detail);
    }

    /** A source that gave no usable time. */
    public static Freshness unhealthy(Duration rpo, String reason) {
        return new Freshness(State.UNHEALTHY, Optional.empty(), rpo, reason);
    }

    /** The age at {@code now}; empty when the source could not tell. A copy from the future counts as age zero. */
    public Optional<Duration> age(Instant now) {
        return newest.map(time -> {
            Duration age = Duration.between(time, now);
            return age.isNegative() ? Duration.ZERO : age;
        });
    }
}
