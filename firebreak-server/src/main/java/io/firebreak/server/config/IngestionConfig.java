package io.firebreak.server.config;

import java.time.Duration;
import java.util.List;

/**
 * How alerts from Alertmanager, Prometheus and the generic API become incidents.
 *
 * @param groupBy         labels whose values split alerts into incidents; empty: Alertmanager's webhook groups by its
 *                        {@code groupKey}, pushed alerts by {@code alertname} and {@code service}
 * @param resolveTimeout  a pushed alert without {@code endsAt} is resolved when not refreshed for this long
 * @param defaultSeverity the severity of an alert with no (or an unknown) {@code severity} label
 */
public record IngestionConfig(List<String> groupBy, Duration resolveTimeout, String defaultSeverity) {
    public static final List<String> DEFAULT_PUSH_GROUP_BY = List.of("alertname", "service");

    public IngestionConfig {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        resolveTimeout = resolveTimeout == null ? Duration.ofMinutes(5) : resolveTimeout;
        defaultSeverity = defaultSeverity == null || defaultSeverity.isBlank() ? "MEDIUM" : defaultSeverity.strip();
    }
}
