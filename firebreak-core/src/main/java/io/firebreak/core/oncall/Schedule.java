package io.firebreak.core.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * One on-call role (primary, secondary, incident commander): a rotation through ordered
 * participants, in a time zone. Participant {@code i} holds shift {@code i}, {@code i + n}, ...;
 * before the first handoff nobody is on call.
 */
public record Schedule(String name, ZoneId zone, Rotation rotation, List<String> participants) {
    public Schedule {
        if (name == null || name.isBlank() || zone == null || rotation == null) {
            throw new IllegalArgumentException("a schedule needs a name, a time zone and a rotation");
        }
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** Who the rotation alone puts on call in shift {@code index}, without overrides. */
    public Optional<String> participant(long index) {
        if (index < 0 || participants.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(participants.get((int) Math.floorMod(index, (long) participants.size())));
    }

    /** The shift that contains {@code instant}. */
    public long shiftIndex(Instant instant) {
        return rotation.shiftIndex(instant, zone);
    }

    /** When shift {@code index} starts. */
    public Instant shiftStart(long index) {
        return rotation.shiftStart(index, zone);
    }
}
