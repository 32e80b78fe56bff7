package io.firebreak.core.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a policy: page every target, then wait {@code delay} for an acknowledgement before
 * the next step. Only the last step may have no delay: the chain then ends with it (unless the
 * policy repeats, which needs a delay there too).
 */
public record EscalationStep(List<Target> targets, Optional<Duration> delay) {
    public EscalationStep {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an escalation step needs at least one target");
        }
        if (delay.isPresent() && (delay.get().isZero() || delay.get().isNegative())) {
            throw new IllegalArgumentException("an escalation step's delay must be greater than zero, was " + delay.get());
        }
    }
}
