package io.firebreak.server.config;

import io.firebreak.core.oncall.Rotation;
import io.firebreak.core.oncall.Schedule;
import java.time.ZoneId;
import java.util.List;

/**
 * One on-call role: its IANA time zone, its rotation ({@code every}, {@code handoff}, {@code start})
 * and its participants in order. Who is on call is computed from this and the overrides in the store.
 */
public record ScheduleConfig(String name, String timezone, RotationConfig rotation, List<String> participants) {
    public ScheduleConfig {
        name = name == null ? "" : name.strip();
        timezone = timezone == null ? "" : timezone.strip();
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** {@code every: 1w}, {@code handoff: "MON 09:00"}, {@code start: 2026-11-02}. */
    public record RotationConfig(String every, String handoff, String start) {
        public RotationConfig {
            every = every == null ? "1w" : every;
        }
    }

    /** The schedule for the core's functions; only for a validated configuration. */
    public Schedule schedule() {
        if (rotation == null || !(Rotation.parse(rotation.every(), rotation.handoff(), rotation.start()) instanceof Rotation.Parsed.Ok ok)) {
            throw new IllegalStateException("schedule " + name + " was not validated: its rotation does not parse");
        }
        return new Schedule(name, ZoneId.of(timezone), ok.rotation(), participants);
    }
}
