package io.firebreak.server.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code communication:} how often a public update is due per severity while an incident is open
 * (the seed's SEV1 every 30 minutes, SEV2 every hour; others on status change).
 *
 * @param updateEvery severity (SEV1..SEV4) to a duration such as {@code 30m}
 */
public record CommunicationConfig(Map<String, String> updateEvery) {
    public CommunicationConfig {
        updateEvery = updateEvery == null ? Map.of("SEV1", "30m", "SEV2", "1h") : Map.copyOf(new TreeMap<>(updateEvery));
    }

    public static CommunicationConfig defaults() {
        return new CommunicationConfig(null);
    }

    /** The cadence; call only on a validated configuration. */
    public io.firebreak.core.communication.UpdateCadence cadence() {
        Map<io.firebreak.core.incident.Severity, java.time.Duration> every = new java.util.EnumMap<>(io.firebreak.core.incident.Severity.class);
        updateEvery.forEach((severity, duration) -> every.put(io.firebreak.core.incident.Severity.parse(severity).orElseThrow(),
                io.firebreak.core.time.Durations.parse(duration).orElseThrow()));
        return new io.firebreak.core.communication.UpdateCadence(every);
    }
}
