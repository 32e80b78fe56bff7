package io.firebreak.core.escalation;

import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is paged for an incident and when, until somebody acknowledges: ordered steps, repeated
 * {@code repeat} more times after the last one. Two rules escalate even an acknowledged incident to
 * the next level: {@code noProgress} (an incident of those severities with no status change or note
 * for a while) and {@code unresolvedAfter} (open that long). {@code ackTimeout} returns an incident
 * acknowledged but left without progress to TRIGGERED and resumes the chain.
 *
 * @param media how the policy's page channels reach people (decides who counts as reachable)
 */
public record EscalationPolicy(String name, List<EscalationStep> steps, int repeat, Optional<NoProgress> noProgress,
                               Optional<Duration> unresolvedAfter, Optional<Duration> ackTimeout, Set<Medium> media) {

    /** Escalate an acknowledged incident of {@code severities} after {@code after} without a status change or note. */
    public record NoProgress(Set<Severity> severities, Duration after) {
        public NoProgress {
            severities = Set.copyOf(severities);
            if (after.isZero() || after.isNegative()) {
                throw new IllegalArgumentException("no_progress.after must be greater than zero");
            }
        }
    }

    public EscalationPolicy {
        steps = List.copyOf(steps);
        media = Set.copyOf(media);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("escalation policy " + name + " needs at least one step");
        }
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must not be negative");
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).delay().isEmpty()) {
                throw new IllegalArgumentException("step " + (i + 1) + " of " + name + " needs a delay: only the last step may end the chain");
            }
        }
        if (repeat > 0 && steps.get(steps.size() - 1).delay().isEmpty()) {
            throw new IllegalArgumentException("the last step of " + name + " needs a delay when the policy repeats");
        }
        ackTimeout = ackTimeout.filter(timeout -> !timeout.isZero());   // 0 = off
    }
}
