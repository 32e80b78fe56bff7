package io.firebreak.server.config;

import java.time.Duration;

/** How often rules are evaluated and how long a resolved incident may be re-opened instead of a new one. */
public record DetectionConfig(Duration interval, Duration dedupWindow) {
    public DetectionConfig {
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        dedupWindow = dedupWindow == null ? Duration.ofMinutes(5) : dedupWindow;
    }
}
