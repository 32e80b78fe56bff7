package io.firebreak.core.rule;

import java.util.Map;
import java.util.TreeMap;

/** The identity of an alert: its label set, written canonically as {@code {a="1", b="2"}}. */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(Map<String, String> labels) {
        // A map sorted by name already (an alert's own labels) is read as it is, not copied.
        Map<String, String> sorted = labels instanceof java.util.SortedMap<String, String> map && map.comparator() == null
                ? labels : new TreeMap<>(labels);
        int length = 2;
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            length += label.getKey().length() + label.getValue().length() + 5;   // room for all of it: no copy while growing
        }
        StringBuilder out = new StringBuilder(length).append('{');
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(label.getKey()).append("=\"")
                    .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return out.append('}').toString();
    }
}
