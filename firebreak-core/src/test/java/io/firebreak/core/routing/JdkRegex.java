package io.firebreak.core.routing;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JDK's regex engine behind {@link Regex}, for core tests only: core has no engine of its own
 * and production code compiles matchers with RE2/J in the server.
 */
public final class JdkRegex {
    /** Compiles with {@link Pattern}; a syntax error becomes the IllegalArgumentException the contract asks for. */
    public static final Regex.Compiler COMPILER = expression -> {
        try {
            Pattern pattern = Pattern.compile(expression);
            return input -> pattern.matcher(input).matches();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription(), e);
        }
    };

    private JdkRegex() {}

    /** A matcher parsed from valid text; fails the test when the text is invalid. */
    public static Matcher matcher(String text) {
        return switch (Matcher.parse(text, COMPILER)) {
            case Matcher.Parsed.Ok ok -> ok.matcher();
            case Matcher.Parsed.Invalid invalid -> throw new AssertionError(invalid.reason());
        };
    }
}
