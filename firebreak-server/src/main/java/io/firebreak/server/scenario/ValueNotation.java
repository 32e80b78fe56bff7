package io.firebreak.server.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus test notation for series values (promtool's {@code input_series}): {@code 1}, {@code 1x4}
 * (five ones), {@code 0+10x3} (0 10 20 30), {@code 5-1x2} (5 4 3), {@code _} (no sample),
 * {@code _x3} (three steps without samples). A null element is a step without a sample.
 */
public final class ValueNotation {
    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN";
    private static final Pattern TERM = Pattern.compile("(" + NUMBER + ")(?:([-+])(" + NUMBER + "))?(?:x(\\d+))?");
    private static final Pattern BLANK = Pattern.compile("_(?:x(\\d+))?");

    private ValueNotation() {}

    /** The values, or the reason the text is not valid notation. */
    public sealed interface Parsed {
        record Ok(List<Double> values) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed.Invalid("no values");
        }
        List<Double> values = new ArrayList<>();
        for (String term : text.strip().split("\\s+")) {
            Matcher blank = BLANK.matcher(term);
            if (blank.matches()) {
                int times = blank.group(1) == null ? 1 : Integer.parseInt(blank.group(1));
                for (int i = 0; i < times; i++) {
                    values.add(null);
                }
                continue;
            }
            Matcher matcher = TERM.matcher(term);
            if (!matcher.matches()) {
                return new Parsed.Invalid("cannot read '" + term + "' (use e.g. 1, 1x4, 0+10x3, 5-1x2, _ or _x3)");
            }
            double start = number(matcher.group(1));
            double delta = matcher.group(3) == null ? 0 : number(matcher.group(3)) * ("-".equals(matcher.group(2)) ? -1 : 1);
            int repeat = matcher.group(4) == null ? 0 : Integer.parseInt(matcher.group(4));
            if (matcher.group(2) != null && matcher.group(4) == null) {
                return new Parsed.Invalid("'" + term + "' has a step but no count (write e.g. " + term + "x5)");
            }
            for (int i = 0; i <= repeat; i++) {
                values.add(start + delta * i);
            }
        }
        return new Parsed.Ok(values);
    }

    private static double number(String text) {
        return switch (text) {
            case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
