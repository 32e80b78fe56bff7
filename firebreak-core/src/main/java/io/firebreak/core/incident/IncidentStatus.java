package io.firebreak.core.incident;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where an incident is in its lifecycle; see {@link IncidentTransitions} for the allowed moves. */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED,
    POSTMORTEM,
    CLOSED;

    /** True while someone still has to work on it: everything before RESOLVED. */
    public boolean isOpen() {
        return this.ordinal() < RESOLVED.ordinal();
    }

    /** True for the states in which a responder is working the incident. */
    public boolean isWorking() {
        return this == INVESTIGATING || this == IDENTIFIED || this == MONITORING;
    }

    public static Optional<IncidentStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The accepted spellings, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining("|"));
    }
}
