package io.firebreak.core.recovery;

import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code expect:} of a restore check: a comparison of the query's number ({@code ">= 1"}), or
 * {@code "younger than rpo"} / {@code "younger than 2h"} for a query that returns the newest row's time.
 */
public sealed interface CheckExpectation {
    Pattern COMPARISON = Pattern.compile("\\s*(>=|<=|==|!=|>|<|=)\\s*(-?\\d+(?:\\.\\d+)?)\\s*");
    Pattern YOUNGER = Pattern.compile("\\s*younger\\s+than\\s+(\\S+)\\s*");

    /** {@code value OPERATOR threshold}. */
    record Comparison(String operator, double threshold) implements CheckExpectation {
        public boolean holds(double value) {
            return switch (operator) {
                case ">=" -> value >= threshold;
                case "<=" -> value <= threshold;
                case ">" -> value > threshold;
                case "<" -> value < threshold;
                case "!=" -> value != threshold;
                default -> value == threshold;
            };
        }

        @Override
        public String toString() {
            return operator + " " + (threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold));
        }
    }

    /** The returned time is at most {@code limit} old; an empty limit means the backup's RPO. */
    record YoungerThan(Optional<Duration> limit) implements CheckExpectation {
        @Override
        public String toString() {
            return "younger than " + limit.map(Durations::format).orElse("rpo");
        }
    }

    /** The expectation in {@code text}, or empty when it cannot be read. */
    static Optional<CheckExpectation> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher comparison = COMPARISON.matcher(text);
        if (comparison.matches()) {
            String operator = comparison.group(1).equals("=") ? "==" : comparison.group(1);
            return Optional.of(new Comparison(operator, Double.parseDouble(comparison.group(2))));
        }
        Matcher younger = YOUNGER.matcher(text);
        if (younger.matches()) {
            if (younger.group(1).equalsIgnoreCase("rpo")) {
                return Optional.of(new YoungerThan(Optional.empty()));
            }
            return Durations.parse(younger.group(1)).map(limit -> new YoungerThan(Optional.of(limit)));
        }
        return Optional.empty();
    }
}
