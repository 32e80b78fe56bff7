package io.firebreak.core.oncall;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A change to who is on call in one schedule for a span {@code [startsAt, endsAt)}, made by people
 * (a swap, a sick day, a second pair of hands): runtime state, kept in the store.
 *
 * <ul>
 *   <li>{@link Kind#ADD}: {@code person} is on call as well as whoever the rotation puts there;</li>
 *   <li>{@link Kind#REPLACE}: {@code person} is on call instead of {@code replaces};</li>
 *   <li>{@link Kind#REMOVE}: {@code replaces} is not on call, and nobody takes the place.</li>
 * </ul>
 *
 * @param person   who is added or takes over; empty for {@link Kind#REMOVE}
 * @param replaces who is replaced or removed; empty for {@link Kind#ADD}
 */
public record Override(String id, String schedule, Kind kind, String person, String replaces, Instant startsAt, Instant endsAt,
                       String createdBy, Instant created) {

    /** What an override does. */
    public enum Kind {
        ADD, REPLACE, REMOVE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> parse(String text) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public Override {
        person = person == null ? "" : person.strip();
        replaces = replaces == null ? "" : replaces.strip();
        createdBy = createdBy == null ? "" : createdBy;
        if (schedule == null || kind == null || startsAt == null || endsAt == null) {
            throw new IllegalArgumentException("an override needs a schedule, a kind and its span");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("an override must end after it starts");
        }
        switch (kind) {
            case ADD -> require(!person.isEmpty() && replaces.isEmpty(), "an add override names the person added and nobody replaced");
            case REPLACE -> require(!person.isEmpty() && !replaces.isEmpty() && !person.equals(replaces),
                    "a replace override names two different people");
            case REMOVE -> require(person.isEmpty() && !replaces.isEmpty(), "a remove override names only the person removed");
        }
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(rule);
        }
    }

    /** Whether it applies at {@code instant}: from its start, up to but excluding its end. */
    public boolean activeAt(Instant instant) {
        return !instant.isBefore(startsAt) && instant.isBefore(endsAt);
    }

    /**
     * Whether this and {@code other} cannot both exist: the same schedule, overlapping spans, and
     * either both add the same person or both replace or remove the same person (which one would win
     * is a guess, so the second is refused).
     */
    public boolean conflictsWith(Override other) {
        if (!schedule.equals(other.schedule) || !startsAt.isBefore(other.endsAt) || !other.startsAt.isBefore(endsAt)) {
            return false;
        }
        if (kind == Kind.ADD || other.kind == Kind.ADD) {
            return kind == other.kind && person.equals(other.person);
        }
        return replaces.equals(other.replaces);
    }

    /** One line for people: {@code alice instead of bob}, {@code carol added}, {@code bob removed}. */
    public String describe() {
        return switch (kind) {
            case ADD -> person + " added";
            case REPLACE -> person + " instead of " + replaces;
            case REMOVE -> replaces + " removed";
        };
    }
}
