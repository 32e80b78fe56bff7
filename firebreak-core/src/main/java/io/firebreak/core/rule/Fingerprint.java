package io.firebreak.core.rule;

import java.util.Map;
import java.util.TreeMap;

/** The identity of an alert: its label set, written canonically as {@code {a="1", b="2"}}. */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(Map<String, String> labels) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(label.getKey()).append("=\"")
                    .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return out.append('}').toString();
    }
}
