package io.firebreak.core.status;

import java.time.Duration;
import java.util.List;

/**
 * A service's uptime over a window of UTC days, oldest day first, the last one being today.
 *
 * @param percent the uptime over the whole window (observed time, so today counts only as far as it has gone)
 */
public record Uptime(List<UptimeDay> days, Duration observed, Duration downtime, double percent) {
    public Uptime {
        days = List.copyOf(days);
    }
}
