package io.firebreak.core.escalation;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one incident's escalation stands: the step paged last ({@code -1}: none yet) and when, how
 * many times the chain has started over, and which notices were sent, so each is sent once.
 *
 * @param noProgressNoticeFor the last progress time a no-progress notice was sent for: a new one
 *                            needs new progress followed by another quiet stretch
 */
public record EscalationState(String policy, int step, Instant pagedAt, int repeats, Optional<Instant> noProgressNoticeFor,
                              boolean unresolvedNoticeSent) {
    public EscalationState {
        if (step < -1) {
            throw new IllegalArgumentException("step is -1 (none paged yet) or a step index, was " + step);
        }
        if (pagedAt == null) {
            throw new IllegalArgumentException("pagedAt is required");
        }
    }

    /** Nothing paged yet under {@code policy}. */
    public static EscalationState initial(String policy, Instant at) {
        return new EscalationState(policy, -1, at, 0, Optional.empty(), false);
    }

    EscalationState pagedStep(int newStep, Instant at, int newRepeats) {
        return new EscalationState(policy, newStep, at, newRepeats, noProgressNoticeFor, unresolvedNoticeSent);
    }

    EscalationState withNoProgressNotice(Instant progress) {
        return new EscalationState(policy, step, pagedAt, repeats, Optional.of(progress), unresolvedNoticeSent);
    }

    EscalationState withUnresolvedNotice() {
        return new EscalationState(policy, step, pagedAt, repeats, noProgressNoticeFor, true);
    }
}
