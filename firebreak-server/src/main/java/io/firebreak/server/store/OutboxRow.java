package io.firebreak.server.store;

import java.time.Instant;

/**
 * One queued notification and how its delivery went so far. {@code lastReason} never holds a secret.
 *
 * @param state      pending, held (by a silence or an inhibition until {@code due}), delivered, dead or muted
 * @param claimToken the token of the claim that holds this row, if one does: the fence of every write after it
 * @param started    how many attempts began (some may have ended without an answer being recorded)
 * @param heldBy     while held: the silence or the inhibiting incident that holds it
 * @param recipient  for a page, the person it is for (as they were when the page was decided)
 */
public record OutboxRow(String id, String incidentId, int eventSeq, String channel, String event, String state, Instant created,
                        Instant due, int attempts, int lastStatus, String lastReason, Instant finished, String externalId,
                        String claimToken, int started, String heldBy, java.util.Optional<io.firebreak.core.escalation.Contact> recipient) {

    /** A row that is not a page to a person. */
    public OutboxRow(String id, String incidentId, int eventSeq, String channel, String event, String state, Instant created,
                     Instant due, int attempts, int lastStatus, String lastReason, Instant finished, String externalId,
                     String claimToken, int started, String heldBy) {
        this(id, incidentId, eventSeq, channel, event, state, created, due, attempts, lastStatus, lastReason, finished, externalId,
                claimToken, started, heldBy, java.util.Optional.empty());
    }

    /** States of a row; only pending and held rows are ever claimed. */
    public static final String PENDING = "pending";
    public static final String HELD = "held";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
    public static final String MUTED = "muted";

    public boolean isHeld() {
        return HELD.equals(state);
    }
}
