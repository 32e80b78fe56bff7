package io.firebreak.core.escalation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who the targets of a step are at a given time. The escalation decision asks; the server answers
 * from the configured people and the schedules' on-call math. Implementations are pure lookups
 * (no IO while deciding), so a decision stays a function of its inputs.
 */
public interface OnCallLookup {
    /** Who is on call in {@code schedule} at {@code now}, in order; empty for a gap or an unknown schedule. */
    List<Contact> onCall(String schedule, Instant now);

    /** The person named {@code name}, if known. */
    Optional<Contact> person(String name);
}
