package io.firebreak.server.config;

import io.firebreak.core.communication.UpdateCadence;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code communication:} how often a public update is due per severity while an incident is open
 * (the seed's SEV1 every 30 minutes, SEV2 every hour); severities not listed update on status
 * change, within {@code on_status_change_within} of the change (default 15m; {@code off}: never).
 *
 * @param updateEvery           severity (SEV1..SEV4) to a duration such as {@code 30m}
 * @param onStatusChangeWithin  how soon after a status change its update is due, for the others
 */
public record CommunicationConfig(Map<String, String> updateEvery, String onStatusChangeWithin) {
    public CommunicationConfig {
        updateEvery = updateEvery == null ? Map.of("SEV1", "30m", "SEV2", "1h") : Map.copyOf(new TreeMap<>(updateEvery));
        onStatusChangeWithin = onStatusChangeWithin == null || onStatusChangeWithin.isBlank() ? "15m" : onStatusChangeWithin.strip();
    }

    public CommunicationConfig(Map<String, String> updateEvery) {
        this(updateEvery, null);
    }

    public static CommunicationConfig defaults() {
        return new CommunicationConfig(null, null);
    }

    /** The cadence; call only on a validated configuration. */
    public UpdateCadence cadence() {
        Map<Severity, Duration> every = new EnumMap<>(Severity.class);
        updateEvery.forEach((severity, duration) -> every.put(Severity.parse(severity).orElseThrow(), Durations.parse(duration).orElseThrow()));
        return new UpdateCadence(every, off() ? null : Durations.parse(onStatusChangeWithin).orElse(UpdateCadence.DEFAULT_ON_STATUS_CHANGE));
    }

    /** {@code on_status_change_within: off}: status changes owe no update (with {@code update_every: {}}, no reminders at all). */
    public boolean off() {
        // YAML 1.1 reads an unquoted off as the boolean false.
        return onStatusChangeWithin.equalsIgnoreCase("off") || onStatusChangeWithin.equalsIgnoreCase("false");
    }
}
