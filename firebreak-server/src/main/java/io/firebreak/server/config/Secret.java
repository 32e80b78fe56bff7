package io.firebreak.server.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A value that must never be printed: tokens, passwords, webhook URLs. {@code toString()} says {@code <secret>}. */
public record Secret(String value) {
    public static final String MASK = "<secret>";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) {
        return new Secret(value);
    }

    public boolean isEmpty() {
        return value == null || value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
