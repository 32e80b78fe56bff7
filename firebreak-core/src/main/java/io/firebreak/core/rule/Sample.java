package io.firebreak.core.rule;

import java.util.Map;
import java.util.TreeMap;

/** One series of a query result: its labels (without {@code __name__}) and its value. */
public record Sample(Map<String, String> labels, double value) {
    public Sample {
        TreeMap<String, String> sorted = new TreeMap<>(labels == null ? Map.of() : labels);
        sorted.remove("__name__");
        labels = java.util.Collections.unmodifiableMap(sorted);
    }
}
