package io.firebreak.core.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Median, 90th percentile and mean of a set of durations. Empty when there were none, so a
 * period without incidents says "no incidents" instead of dividing by zero.
 */
public record Distribution(int samples, Optional<Duration> median, Optional<Duration> p90, Optional<Duration> mean) {
    public static Distribution of(List<Duration> values) {
        if (values.isEmpty()) {
            return new Distribution(0, Optional.empty(), Optional.empty(), Optional.empty());
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        Duration median = n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
        // nearest rank: the smallest value with at least 90 % of the values at or below it
        Duration p90 = sorted.get((int) Math.ceil(0.9 * n) - 1);
        long total = 0;
        for (Duration value : sorted) {
            total += value.toMillis();
        }
        return new Distribution(n, Optional.of(median), Optional.of(p90), Optional.of(Duration.ofMillis(total / n)));
    }
}
