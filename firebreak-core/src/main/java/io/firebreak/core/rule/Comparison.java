package io.firebreak.core.rule;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a rule compares a sample with its threshold; the condition is breached when this holds. */
public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True when {@code value} breaches {@code threshold}; NaN never breaches, as in PromQL. */
    public boolean breached(double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (this) {
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }

    public static Optional<Comparison> parse(String symbol) {
        return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol == null ? null : symbol.strip())).findFirst();
    }

    public static String accepted() {
        return Arrays.stream(values()).map(Comparison::symbol).collect(Collectors.joining(" "));
    }
}
