package io.firebreak.core.routing;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One label matcher in Alertmanager syntax: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regexes are anchored, as in Alertmanager. Quotes
 * around the value are optional when it has no spaces, commas or quotes.
 *
 * <p>A regex matcher carries its compiled {@link Regex}; which engine compiled it is the caller's
 * choice ({@link Regex.Compiler}), and the server always uses RE2/J.
 */
public record Matcher(String name, Op op, String value, Regex regex) {

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op.isRegex() != (regex != null)) {
            throw new IllegalArgumentException("a " + op.symbol() + " matcher " + (op.isRegex() ? "needs a" : "takes no") + " compiled regex");
        }
    }

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

        /** True for {@code =~} and {@code !~}. */
        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }
    }

    private static final Pattern SHAPE = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    /** True if the labels satisfy this matcher; a missing label counts as the empty string. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> regex.matches(actual);
            case NOT_REGEX -> !regex.matches(actual);
        };
    }

    /** The outcome of parsing: a matcher or the reason it is not one. */
    public sealed interface Parsed {
        record Ok(Matcher matcher) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    /** Parses matcher text such as {@code severity=~"SEV1|SEV2"}, compiling a regex value with {@code regexes}. */
    public static Parsed parse(String text, Regex.Compiler regexes) {
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
        return build(shape.group(1), op, value, regexes, "invalid regex in '" + text + "': ");
    }

    /**
     * A matcher from its parts, as the Alertmanager API sends them; a regex value is compiled with
     * {@code regexes}. The name is not checked here: callers that take it from outside check it.
     */
    public static Parsed of(String name, Op op, String value, Regex.Compiler regexes) {
        return build(name, op, value, regexes, "invalid regex: ");
    }

    private static Parsed build(String name, Op op, String value, Regex.Compiler regexes, String invalidRegex) {
        Regex regex = null;
        if (op.isRegex()) {
            try {
                regex = regexes.compile(value);
            } catch (IllegalArgumentException e) {
                return new Parsed.Invalid(invalidRegex + e.getMessage());
            }
        }
        return new Parsed.Ok(new Matcher(name, op, value, regex));
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
        return Objects.hash(name, op, value);
    }
}
