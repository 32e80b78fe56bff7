package io.firebreak.server.logging;

import java.util.regex.Pattern;

/**
 * One structured log line, {@code event=NAME key=value ...}, that people grep and log shippers
 * parse (logfmt). A value of plain characters stands bare; anything else is quoted, with quotes,
 * backslashes and control characters escaped, so a value from outside (an error text, a rule name)
 * can never forge another field or another line. Values over {@value #MAX_VALUE} characters are cut.
 * Whoever builds a line decides what goes in it: secrets and message texts never do.
 */
public final class LogLine {
    static final int MAX_VALUE = 300;
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.:/@+\\-]+");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    private final StringBuilder text = new StringBuilder();

    private LogLine(String event) {
        append("event", event);
    }

    /** A line for this event, such as {@code delivery_attempt}. */
    public static LogLine event(String name) {
        return new LogLine(name);
    }

    /** Adds {@code key=value}; the key is lower-case snake_case, the value anything (null is empty). */
    public LogLine with(String key, Object value) {
        append(key, value == null ? "" : String.valueOf(value));
        return this;
    }

    private void append(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("log keys are lower-case snake_case, not '" + key + "'");
        }
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(key).append('=').append(quoted(value));
    }

    static String quoted(String value) {
        String cut = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "..." : value;
        if (BARE.matcher(cut).matches()) {
            return cut;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
