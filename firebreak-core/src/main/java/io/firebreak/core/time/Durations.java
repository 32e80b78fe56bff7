package io.firebreak.core.time;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Prometheus-style durations: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 7d}, {@code 2w}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w|y))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private Durations() {}

    /** Parses a duration, or returns empty when the text is not one; {@code 0} alone means zero. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        var parts = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        try {
            while (parts.find()) {
                long amount = Long.parseLong(parts.group(1));
                total = total.plus(switch (parts.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    case "w" -> Duration.ofDays(7 * amount);
                    case "y" -> Duration.ofDays(365 * amount);
                    default -> throw new IllegalStateException("unit not covered by the pattern: " + parts.group(2));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** Short human form: {@code 45s}, {@code 2m30s}, {@code 1h5m}, {@code 2d3h}; milliseconds only below a second. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = duration.toSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0 && days == 0) {
            out.append(minutes).append('m');
        }
        if (secs > 0 && days == 0 && hours == 0) {
            out.append(secs).append('s');
        }
        return out.toString();
    }
}
