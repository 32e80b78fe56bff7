package io.firebreak.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Distributions sorted as numbers give the figures that sorting Durations gave: median, p90 and mean, to the nanosecond. */
class DistributionTest {
    /** The figures as they were computed from Durations before they were computed from numbers. */
    private static Distribution fromDurations(List<Duration> values) {
        if (values.isEmpty()) {
            return new Distribution(0, Optional.empty(), Optional.empty(), Optional.empty());
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        Duration median = n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
        Duration p90 = sorted.get((int) Math.ceil(0.9 * n) - 1);
        long total = 0;
        for (Duration value : sorted) {
            total += value.toMillis();
        }
        return new Distribution(n, Optional.of(median), Optional.of(p90), Optional.of(Duration.ofMillis(total / n)));
    }

    @Test
    void numbersGiveTheFiguresDurationsGave() {
        Random random = new Random(13);
        for (int round = 0; round < 300; round++) {
            List<Duration> values = new ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                // whole milliseconds as stores keep them, odd nanoseconds, and negative ones (a detection before the impact began)
                long nanos = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(10_000_000) * 1_000_000L;
                    case 1 -> random.nextLong(10_000_000_000_000L);
                    default -> -random.nextLong(5_000_000_000L);
                };
                values.add(Duration.ofNanos(nanos));
            }
            assertThat(Distribution.of(values)).as("%s", values).isEqualTo(fromDurations(values));
        }
    }

    @Test
    void anEvenCountsMedianOfTwoOddNanosecondsIsTruncatedTowardZero() {
        assertThat(Distribution.of(List.of(Duration.ofNanos(1), Duration.ofNanos(2))).median()).contains(Duration.ofNanos(1));
        assertThat(Distribution.of(List.of(Duration.ofNanos(-1), Duration.ofNanos(-2))).median()).contains(Duration.ofNanos(-1));
        assertThat(Distribution.of(List.of(Duration.ofNanos(-1_500_000))).mean()).contains(Duration.ofMillis(-1));
    }

    @Test
    void timingsOfIncidentsAreTheirDurationsDistributions() {
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Instant detected = t0.plusSeconds(i * 3_600L);
            Instant acknowledged = i % 3 == 0 ? null : detected.plusMillis(1_000L + i * 7_777L);
            Instant resolved = i % 4 == 0 ? null : detected.plusSeconds(600L + i * 61L).plusNanos(i);
            incidents.add(new Incident("INC-20261101-%03d".formatted(i + 1), "t", Severity.HIGH,
                    resolved == null ? IncidentStatus.INVESTIGATING : IncidentStatus.RESOLVED, "svc", "manual", null, null, null, null, null,
                    detected.minusSeconds(i * 13L), detected, acknowledged, resolved, resolved == null ? detected : resolved));
        }
        KpiReport.Timings timings = KpiReport.Timings.of(incidents);
        assertThat(timings.toDetect()).isEqualTo(fromDurations(incidents.stream().map(Incident::timeToDetect).toList()));
        assertThat(timings.toAcknowledge()).isEqualTo(fromDurations(incidents.stream().flatMap(i -> i.timeToAcknowledge().stream()).toList()));
        assertThat(timings.toResolve()).isEqualTo(fromDurations(incidents.stream().flatMap(i -> i.timeToResolve().stream()).toList()));
    }
}
