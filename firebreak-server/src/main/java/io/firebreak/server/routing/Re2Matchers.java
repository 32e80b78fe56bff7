package io.firebreak.server.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Regex;

/**
 * Where the server turns the label matchers users write (routes, inhibit rules, silences, the
 * Alertmanager API's filters and receiver regex, {@code firebreak silence}) into {@link Matcher}s:
 * always with RE2/J, the Java port of the RE2 engine Alertmanager uses. RE2 runs in time linear in
 * the input, so a pattern such as {@code (a+)+$} cannot stall the pipeline the way a backtracking
 * engine can; its syntax is Alertmanager's (no back-references, no look-around). Regexes match the
 * whole label value, like Alertmanager's {@code ^(?:re)$}.
 */
public final class Re2Matchers {
    /** The RE2/J engine behind core's {@link Regex} seam. */
    public static final Regex.Compiler COMPILER = Re2Matchers::compile;

    private Re2Matchers() {}

    /** Parses matcher text such as {@code severity=~"SEV1|SEV2"}. */
    public static Matcher.Parsed parse(String text) {
        return Matcher.parse(text, COMPILER);
    }

    /** A matcher from its parts (the Alertmanager API's {name, value, isRegex, isEqual}). */
    public static Matcher.Parsed of(String name, Matcher.Op op, String value) {
        return Matcher.of(name, op, value, COMPILER);
    }

    /** Text that was validated when it was accepted (config, stored silences): invalid now is a bug. */
    public static Matcher parseValid(String text) {
        return switch (parse(text)) {
            case Matcher.Parsed.Ok ok -> ok.matcher();
            case Matcher.Parsed.Invalid invalid -> throw new IllegalStateException("matcher was validated when accepted but is invalid now: "
                    + invalid.reason());
        };
    }

    /**
     * A matcher with the name, operator and value of {@code text} that matches no labels at all,
     * for stored text whose regex RE2 rejects (written before matchers moved to RE2/J): whatever
     * holds it, a silence or a rule, then applies to nothing.
     */
    public static Matcher matchingNothing(String text) {
        Matcher.Parsed parsed = Matcher.parse(text, expression -> input -> false);
        if (!(parsed instanceof Matcher.Parsed.Ok(Matcher matcher))) {
            throw new IllegalArgumentException("not matcher text: " + parsed);
        }
        return switch (matcher.op()) {
            case REGEX -> matcher;
            case NOT_REGEX -> new Matcher(matcher.name(), matcher.op(), matcher.value(), input -> true);
            case EQUAL, NOT_EQUAL -> throw new IllegalArgumentException("only a regex matcher can be unreadable: " + text);
        };
    }

    /**
     * Compiles {@code expression} with RE2/J for whole-value matching.
     *
     * @throws IllegalArgumentException with RE2's description of the error
     */
    public static Regex compile(String expression) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription(), e);
        }
        return pattern::matches;
    }
}
