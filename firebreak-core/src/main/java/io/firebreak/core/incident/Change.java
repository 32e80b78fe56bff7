package io.firebreak.core.incident;

import java.util.List;

/** The outcome of asking the lifecycle for a change: applied, with its timeline events, or rejected. */
public sealed interface Change {

    /** The change is allowed: store {@code incident} and append {@code events} together. */
    record Applied(Incident incident, List<IncidentEvent.Draft> events) implements Change {
        public Applied {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("every applied change appends at least one timeline event");
            }
        }
    }

    /** The change is refused; {@code reason} says why, in words for the person who asked. */
    record Rejected(String reason) implements Change {}

    /** This change followed by {@code next} (decided on the changed incident); rejected if either is. */
    default Change then(java.util.function.Function<Incident, Change> next) {
        if (!(this instanceof Applied first)) {
            return this;
        }
        Change second = next.apply(first.incident());
        if (!(second instanceof Applied applied)) {
            return second;
        }
        List<IncidentEvent.Draft> events = new java.util.ArrayList<>(first.events());
        events.addAll(applied.events());
        return new Applied(applied.incident(), events);
    }
}
