package io.firebreak.core.rule;

import java.util.Map;
import java.util.TreeMap;

/** The identity of an alert: its label set, written canonically as {@code {a="1", b="2"}}. */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(Map<String, String> labels) {
        if (labels instanceof SortedLabels sorted) {
            // An alert's own labels: read from their arrays, without an entry object per label.
            int length = 2;
            for (int i = 0; i < sorted.size(); i++) {
                length += sorted.name(i).length() + sorted.value(i).length() + 5;   // room for all of it: no copy while growing
            }
            StringBuilder out = new StringBuilder(length).append('{');
            for (int i = 0; i < sorted.size(); i++) {
                append(out, sorted.name(i), sorted.value(i));
            }
            return out.append('}').toString();
        }
        // A map sorted by name already is read as it is, not copied.
        Map<String, String> sorted = labels instanceof java.util.SortedMap<String, String> map && map.comparator() == null
                ? labels : new TreeMap<>(labels);
        int length = 2;
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            length += label.getKey().length() + label.getValue().length() + 5;
        }
        StringBuilder out = new StringBuilder(length).append('{');
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            append(out, label.getKey(), label.getValue());
        }
        return out.append('}').toString();
    }

    private static void append(StringBuilder out, String name, String value) {
        if (out.length() > 1) {
            out.append(", ");
        }
        out.append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
}
