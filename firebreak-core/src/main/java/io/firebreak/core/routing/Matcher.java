package io.firebreak.core.routing;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher in Alertmanager syntax: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regexes are anchored, as in Alertmanager. Quotes
 * around the value are optional when it has no spaces, commas or quotes.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {

    /** How the label value is compared. */
    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static final Pattern SHAPE = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    /** True if the labels satisfy this matcher; a missing label counts as the empty string. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    /** The outcome of parsing: a matcher or the reason it is not one. */
    public sealed interface Parsed {
        record Ok(Matcher matcher) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed.Invalid("empty matcher (use e.g. service=\"api\" or severity=~\"SEV1|SEV2\")");
        }
        var shape = SHAPE.matcher(text);
        if (!shape.matches()) {
            return new Parsed.Invalid("cannot parse matcher '" + text + "' (use name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        String raw = shape.group(3);
        String value;
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            value = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        } else if (raw.contains("\"") || raw.contains(",")) {
            return new Parsed.Invalid("matcher value in '" + text + "' must be quoted");
        } else {
            value = raw;
        }
        Op op = switch (shape.group(2)) {
            case "=" -> Op.EQUAL;
            case "!=" -> Op.NOT_EQUAL;
            case "=~" -> Op.REGEX;
            default -> Op.NOT_REGEX;
        };
        Pattern pattern = null;
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                return new Parsed.Invalid("invalid regex in '" + text + "': " + e.getDescription());
            }
        }
        return new Parsed.Ok(new Matcher(shape.group(1), op, value, pattern));
    }

    @Override
    public String toString() {
        return name + op.symbol() + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, op, value);
    }
}
