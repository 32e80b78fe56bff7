package io.firebreak.core.escalation;

import java.util.Optional;

/**
 * What one escalation step pages: whoever is on call in a schedule, one person, or a channel (a
 * team room that sees the page). Written in configuration as {@code schedule:primary},
 * {@code person:alice} or {@code channel:slack-incidents}.
 */
public sealed interface Target {
    String name();

    /** The configuration spelling, {@code kind:name}. */
    String text();

    record Schedule(String name) implements Target {
        @Override
        public String text() {
            return "schedule:" + name;
        }
    }

    record Person(String name) implements Target {
        @Override
        public String text() {
            return "person:" + name;
        }
    }

    record Channel(String name) implements Target {
        @Override
        public String text() {
            return "channel:" + name;
        }
    }

    /** Parses {@code kind:name}; empty for an unknown kind or an empty name. */
    static Optional<Target> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = text.substring(colon + 1).strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.substring(0, colon).strip()) {
            case "schedule" -> Optional.of(new Schedule(name));
            case "person" -> Optional.of(new Person(name));
            case "channel" -> Optional.of(new Channel(name));
            default -> Optional.empty();
        };
    }
}
