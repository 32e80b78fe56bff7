package io.firebreak.core.escalation;

import java.time.Duration;

/** One thing an escalation decision asks for now; the server turns each into timeline events and outbox rows. */
public sealed interface EscalationAction {
    /** Page {@code contact}, found through {@code target} of step {@code step} (0-based). */
    record Page(int step, Target target, Contact contact) implements EscalationAction {}

    /** Post the page to a channel (a {@code channel:} target). */
    record ChannelPage(int step, Target.Channel target) implements EscalationAction {}

    /** A target of step {@code step} reached nobody, and why: loud, never silent. */
    record Unrouted(int step, Target target, String reason) implements EscalationAction {}

    /** The chain moves from step {@code from} ({@code -1}: none) to {@code to}, for {@code reason}. */
    record Escalated(int from, int to, String reason) implements EscalationAction {}

    /** The acknowledgement went stale: back to TRIGGERED after {@code idle} without progress. */
    record AckTimedOut(Duration idle) implements EscalationAction {}
}
