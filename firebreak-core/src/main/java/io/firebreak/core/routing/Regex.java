package io.firebreak.core.routing;

/**
 * A compiled regular expression that a label value must match as a whole, the way Alertmanager
 * anchors every matcher regex as {@code ^(?:re)$}.
 *
 * <p>Core ships no engine on purpose. The regexes users write in routes, inhibit rules, silences
 * and API filters run on every alert, so they must not backtrack catastrophically: the server
 * compiles them with RE2/J (linear time, the same syntax as Alertmanager's Go RE2). Core stays
 * JDK-only, so it only names the seam; whoever parses a {@link Matcher} says which engine to use.
 */
@FunctionalInterface
public interface Regex {

    /** True if the whole input matches. */
    boolean matches(String input);

    /** Turns the text of a regex into a {@link Regex}. */
    @FunctionalInterface
    interface Compiler {
        /**
         * Compiles {@code expression} for whole-input matching.
         *
         * @throws IllegalArgumentException when it is not a valid regex; the message says what is
         *     wrong (for example {@code missing closing )}) without repeating the expression
         */
        Regex compile(String expression);
    }
}
