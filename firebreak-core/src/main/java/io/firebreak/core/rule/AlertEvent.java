package io.firebreak.core.rule;

import java.time.Instant;

/** What an evaluation changed that people care about: an alert started firing, or a firing alert resolved. */
public sealed interface AlertEvent {
    AlertInstance instance();

    record Fired(AlertInstance instance) implements AlertEvent {}

    record Resolved(AlertInstance instance, Instant at) implements AlertEvent {}
}
