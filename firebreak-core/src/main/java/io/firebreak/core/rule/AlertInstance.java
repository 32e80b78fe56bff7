package io.firebreak.core.rule;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
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

    /** The class of an unmodifiable sorted view, as this record keeps its labels. */
    private static final Class<?> SORTED_VIEW = Collections.unmodifiableSortedMap(new TreeMap<String, String>()).getClass();

    /**
     * Labels are kept sorted and unmodifiable. Labels that already are an unmodifiable sorted view
     * in natural order (another instance's, or {@link io.firebreak.core.alert.ExternalAlert}'s) are
     * kept as they are: an evaluation of 100,000 series would otherwise copy them at each step of
     * an alert's life. (Whoever wraps a map of their own that way must not change it afterwards.)
     */
    public AlertInstance {
        if (labels.getClass() != SORTED_VIEW || ((SortedMap<String, String>) labels).comparator() != null) {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }
        if (state == AlertState.FIRING && firedAt == null) {
            throw new IllegalArgumentException("a firing alert has a firedAt time: " + fingerprint);
        }
    }

    static AlertInstance pending(Map<String, String> labels, Instant now, double value) {
        return new AlertInstance(Fingerprint.of(labels), labels, AlertState.PENDING, now, null, null, value);
    }

    /** A new alert on labels that nobody else holds (sorted already; wrapped, not copied). */
    static AlertInstance pending(String fingerprint, TreeMap<String, String> ownLabels, Instant now, double value) {
        return new AlertInstance(fingerprint, Collections.unmodifiableSortedMap(ownLabels), AlertState.PENDING, now, null, null, value);
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
