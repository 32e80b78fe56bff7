package io.firebreak.core.rule;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of a rule: one label set. Pending until its condition has held for the rule's hold
 * time, then firing.
 *
 * @param activeSince     when the condition was first seen true (Prometheus {@code activeAt})
 * @param firedAt         when it started firing, null while pending
 * @param keepFiringSince when its condition cleared while {@code keep_firing_for} holds it, else null
 */
public record AlertInstance(String fingerprint, Map<String, String> labels, AlertState state, Instant activeSince,
                            Instant firedAt, Instant keepFiringSince, double value) {

    /**
     * Labels are kept sorted and unmodifiable, as {@link SortedLabels}: labels that are already
     * (another instance's) are kept as they are, so an alert seen again or fired shares them, and
     * an evaluation of 100,000 series does not copy them at each step of an alert's life.
     */
    public AlertInstance {
        labels = SortedLabels.of(labels);
        if (state == AlertState.FIRING && firedAt == null) {
            throw new IllegalArgumentException("a firing alert has a firedAt time: " + fingerprint);
        }
    }

    static AlertInstance pending(Map<String, String> labels, Instant now, double value) {
        return new AlertInstance(Fingerprint.of(labels), labels, AlertState.PENDING, now, null, null, value);
    }

    /** A new alert on labels sorted already. */
    static AlertInstance pending(String fingerprint, SortedLabels labels, Instant now, double value) {
        return new AlertInstance(fingerprint, labels, AlertState.PENDING, now, null, null, value);
    }

    AlertInstance seenAgain(double newValue) {
        return new AlertInstance(fingerprint, labels, state, activeSince, firedAt, null, newValue);
    }

    AlertInstance keptFiringSince(Instant since) {
        return new AlertInstance(fingerprint, labels, state, activeSince, firedAt, since, value);
    }

    AlertInstance fired(Instant now) {
        return new AlertInstance(fingerprint, labels, AlertState.FIRING, activeSince, now, null, value);
    }
}
