package io.firebreak.server.config;

import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How often rules are evaluated, how long a resolved incident may be re-opened instead of a new
 * one, and how the {@code severity} label of Prometheus rules maps to Firebreak severities
 * (added to the built-in mapping: critical, page → CRITICAL; high, error → HIGH; warning, medium →
 * MEDIUM; low, info, none → LOW).
 */
public record DetectionConfig(Duration interval, Duration dedupWindow, Map<String, String> severityMap) {
    public DetectionConfig {
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        dedupWindow = dedupWindow == null ? Duration.ofMinutes(5) : dedupWindow;
        severityMap = severityMap == null ? Map.of() : Map.copyOf(severityMap);
    }

    /** The built-in mapping with this configuration's entries on top; entries that do not parse are left out (validation reports them). */
    public Map<String, Severity> severities(Map<String, Severity> builtIn) {
        Map<String, Severity> all = new HashMap<>(builtIn);
        severityMap.forEach((label, severity) -> Severity.parse(severity)
                .ifPresent(parsed -> all.put(label.toLowerCase(Locale.ROOT), parsed)));
        return Map.copyOf(all);
    }
}
