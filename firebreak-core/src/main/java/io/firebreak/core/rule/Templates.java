package io.firebreak.core.rule;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills rule summaries and descriptions: {@code {{labels.x}}} and {@code {{value}}} (seed format)
 * and {@code {{ $labels.x }}} and {@code {{ $value }}} (Prometheus annotations). Nothing else is
 * interpreted, so a template can never run code; an unknown label renders empty.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\$?labels\\.([a-zA-Z_][a-zA-Z0-9_]*)|\\$?value)\\s*}}");

    private Templates() {}

    public static String render(String template, Map<String, String> labels, double value) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(2) != null ? labels.getOrDefault(matcher.group(2), "") : formatValue(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whole numbers without decimals, others with up to four; NaN (a missing series) as "no data". */
    public static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "no data";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
