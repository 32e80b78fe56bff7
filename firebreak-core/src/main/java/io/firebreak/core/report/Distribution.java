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
        long[] nanos = new long[values.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = values.get(i).toNanos();
        }
        return ofNanos(nanos, nanos.length);
    }

    /**
     * The distribution of the first {@code count} of {@code nanos} (durations in nanoseconds, which
     * a span of up to 292 years fits), sorted in place: a report of a month of a large store makes
     * a dozen of these of 27,000 values each, and sorting numbers instead of {@code Duration}
     * objects spares their allocation and comparisons. The same figures as {@link #of}.
     */
    public static Distribution ofNanos(long[] nanos, int count) {
        if (count == 0) {
            return new Distribution(0, Optional.empty(), Optional.empty(), Optional.empty());
        }
        java.util.Arrays.sort(nanos, 0, count);
        int n = count;
        // the mean of two, truncated toward zero at the nanosecond, as Duration.dividedBy rounds
        long median = n % 2 == 1 ? nanos[n / 2] : (nanos[n / 2 - 1] + nanos[n / 2]) / 2;
        // nearest rank: the smallest value with at least 90 % of the values at or below it
        long p90 = nanos[(int) Math.ceil(0.9 * n) - 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += nanos[i] / 1_000_000L;   // each value's milliseconds truncated toward zero, as Duration.toMillis counts them
        }
        return new Distribution(n, Optional.of(Duration.ofNanos(median)), Optional.of(Duration.ofNanos(p90)),
                Optional.of(Duration.ofMillis(total / n)));
    }

    /** {@code Duration.between(from, to).toNanos()} without the {@code Duration}. */
    static long nanosBetween(java.time.Instant from, java.time.Instant to) {
        return Math.addExact(Math.multiplyExact(to.getEpochSecond() - from.getEpochSecond(), 1_000_000_000L),
                (long) to.getNano() - from.getNano());
    }

    /** Time to detect, acknowledge and resolve of {@code incidents} in nanoseconds: [detect, acknowledge, resolve], with their counts. */
    static Samples samples(List<io.firebreak.core.incident.Incident> incidents) {
        int n = incidents.size();
        long[] detect = new long[n];
        long[] acknowledge = new long[n];
        long[] resolve = new long[n];
        int acknowledged = 0;
        int resolved = 0;
        for (int k = 0; k < n; k++) {
            var incident = incidents.get(k);
            detect[k] = nanosBetween(incident.impactStarted(), incident.detected());
            if (incident.acknowledged() != null) {
                acknowledge[acknowledged++] = nanosBetween(incident.detected(), incident.acknowledged());
            }
            if (incident.resolved() != null) {
                resolve[resolved++] = nanosBetween(incident.detected(), incident.resolved());
            }
        }
        return new Samples(detect, n, acknowledge, acknowledged, resolve, resolved);
    }

    /** The three timings of a group of incidents as numbers: what {@link #samples} gathers. */
    record Samples(long[] detect, int detected, long[] acknowledge, int acknowledged, long[] resolve, int resolved) {}
}
