package io.firebreak.server.store;

import java.util.Map;

/**
 * A label set as JSON text, written by hand: a detection storm writes it 100,000 times a cycle,
 * inside the alert sets of {@link DetectionStore}, and the labels and responders of 1,000 new
 * incidents; a general serialiser costs several times more for a flat map or list of strings (and
 * compiling Jackson's for it took the JIT half a second of the cycle that first needed it). The output is plain
 * RFC 8259 JSON that Jackson reads back unchanged.
 */
final class JsonText {
    private JsonText() {}

    /** {@code {"name":"value",...}} in the map's own order. */
    static String object(Map<String, String> labels) {
        StringBuilder out = new StringBuilder(32 * (labels.size() + 1));
        appendObject(out, labels);
        return out.toString();
    }

    /** {@code ["name",...]} in the list's order. */
    static String array(java.util.List<String> names) {
        StringBuilder out = new StringBuilder(16 * (names.size() + 1)).append('[');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, names.get(i));
        }
        return out.append(']').toString();
    }

    static void appendObject(StringBuilder out, Map<String, String> labels) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, label.getKey());
            out.append(':');
            appendString(out, label.getValue());
        }
        out.append('}');
    }

    /**
     * A JSON string: quotes, backslashes and control characters escaped; everything else as is,
     * copied in runs (label values seldom need an escape, and a character at a time costs more).
     */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            out.append(value, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    out.append("\\u");
                    String hex = Integer.toHexString(c);
                    out.append("0000", hex.length(), 4).append(hex);
                }
            }
        }
        out.append(value, run, value.length()).append('"');
    }
}
