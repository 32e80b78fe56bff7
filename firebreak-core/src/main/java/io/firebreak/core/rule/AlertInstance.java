package io.firebreak.core.rule;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

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

    public AlertInstance {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        if (state == AlertState.FIRING && firedAt == null) {
            throw new IllegalArgumentException("a firing alert has a firedAt time: " + fingerprint);
        }
    }

    static AlertInstance pending(Map<String, String> labels, Instant now, double value) {
        return new AlertInstance(Fingerprint.of(labels), labels, AlertState.PENDING, now, null, null, value);
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
