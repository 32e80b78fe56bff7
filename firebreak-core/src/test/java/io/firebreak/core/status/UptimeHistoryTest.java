package io.firebreak.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UptimeHistoryTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    /** 89 full days before today, plus today's first 12 hours. */
    private static final double OBSERVED_HOURS = 89 * 24 + 12;

    /** What one day should look like. */
    record Day(double percent, DayLevel level) {}

    record Case(String name, List<Incident> incidents, Map<String, Day> days, double downtimeHours) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("empty history is 100 %, never NaN", List.of(),
                        Map.of("2026-11-29", new Day(100, DayLevel.NO_INCIDENTS), "2026-09-01", new Day(100, DayLevel.NO_INCIDENTS)), 0),
                new Case("overlapping SEV1 and SEV2 count their union once",
                        List.of(resolved(Severity.CRITICAL, "2026-11-28T10:00:00Z", "2026-11-28T12:00:00Z"),
                                resolved(Severity.HIGH, "2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z")),
                        Map.of("2026-11-28", new Day(100.0 * 21 / 24, DayLevel.MAJOR_OUTAGE),
                                "2026-11-27", new Day(100, DayLevel.NO_INCIDENTS),
                                "2026-11-29", new Day(100, DayLevel.NO_INCIDENTS)), 3),
                new Case("one incident inside another counts once",
                        List.of(resolved(Severity.HIGH, "2026-11-20T00:00:00Z", "2026-11-20T06:00:00Z"),
                                resolved(Severity.HIGH, "2026-11-20T01:00:00Z", "2026-11-20T02:00:00Z")),
                        Map.of("2026-11-20", new Day(75, DayLevel.PARTIAL_OUTAGE)), 6),
                new Case("an incident spanning midnight is split between its days",
                        List.of(resolved(Severity.HIGH, "2026-11-27T23:00:00Z", "2026-11-28T01:00:00Z")),
                        Map.of("2026-11-27", new Day(100.0 * 23 / 24, DayLevel.PARTIAL_OUTAGE),
                                "2026-11-28", new Day(100.0 * 23 / 24, DayLevel.PARTIAL_OUTAGE)), 2),
                new Case("an open incident runs until now; today counts only as far as it has gone",
                        List.of(open(Severity.CRITICAL, "2026-11-28T18:00:00Z")),
                        Map.of("2026-11-28", new Day(75, DayLevel.MAJOR_OUTAGE),
                                "2026-11-29", new Day(0, DayLevel.MAJOR_OUTAGE)), 18),
                new Case("an open incident since this morning",
                        List.of(open(Severity.HIGH, "2026-11-29T06:00:00Z")),
                        Map.of("2026-11-29", new Day(50, DayLevel.PARTIAL_OUTAGE)), 6),
                new Case("a day with only SEV3 is degraded at 100 %",
                        List.of(resolved(Severity.MEDIUM, "2026-11-20T08:00:00Z", "2026-11-20T20:00:00Z"),
                                open(Severity.LOW, "2026-11-29T11:00:00Z")),
                        Map.of("2026-11-20", new Day(100, DayLevel.DEGRADED),
                                "2026-11-29", new Day(100, DayLevel.DEGRADED)), 0),
                new Case("the worst incident of a day colours it; SEV3 time does not widen the outage",
                        List.of(resolved(Severity.MEDIUM, "2026-11-21T00:00:00Z", "2026-11-21T23:00:00Z"),
                                resolved(Severity.HIGH, "2026-11-21T12:00:00Z", "2026-11-21T18:00:00Z")),
                        Map.of("2026-11-21", new Day(75, DayLevel.PARTIAL_OUTAGE)), 6),
                new Case("ending exactly at midnight leaves the next day clean",
                        List.of(resolved(Severity.CRITICAL, "2026-11-25T12:00:00Z", "2026-11-26T00:00:00Z")),
                        Map.of("2026-11-25", new Day(50, DayLevel.MAJOR_OUTAGE),
                                "2026-11-26", new Day(100, DayLevel.NO_INCIDENTS)), 12),
                new Case("an incident begun before the window counts only inside it",
                        List.of(resolved(Severity.CRITICAL, "2026-08-31T22:00:00Z", "2026-09-01T02:00:00Z")),
                        Map.of("2026-09-01", new Day(100.0 * 22 / 24, DayLevel.MAJOR_OUTAGE)), 2),
                new Case("an incident entirely before the window is ignored",
                        List.of(resolved(Severity.CRITICAL, "2026-08-01T00:00:00Z", "2026-08-02T00:00:00Z")),
                        Map.of("2026-09-01", new Day(100, DayLevel.NO_INCIDENTS)), 0),
                new Case("an instantaneous outage colours its day without downtime",
                        List.of(resolved(Severity.CRITICAL, "2026-11-10T05:00:00Z", "2026-11-10T05:00:00Z")),
                        Map.of("2026-11-10", new Day(100, DayLevel.MAJOR_OUTAGE)), 0),
                new Case("a closed incident without a resolution time ends at its last update",
                        List.of(closedWithoutResolution(Severity.HIGH, "2026-11-12T00:00:00Z", "2026-11-12T12:00:00Z")),
                        Map.of("2026-11-12", new Day(50, DayLevel.PARTIAL_OUTAGE)), 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computesDailyBarsAndTheWindowUptime(Case example) {
        Uptime uptime = UptimeHistory.of(example.incidents(), NOW, UptimeHistory.DEFAULT_DAYS);

        assertThat(uptime.days()).hasSize(90);
        assertThat(uptime.days().get(0).date()).isEqualTo(LocalDate.parse("2026-09-01"));
        assertThat(uptime.days().get(89).date()).isEqualTo(LocalDate.parse("2026-11-29"));
        example.days().forEach((date, expected) -> {
            UptimeDay day = uptime.days().stream().filter(d -> d.date().equals(LocalDate.parse(date))).findFirst().orElseThrow();
            assertThat(day.uptimePercent()).as(date).isCloseTo(expected.percent(), within(1e-9));
            assertThat(day.level()).as(date).isEqualTo(expected.level());
        });
        assertThat(uptime.downtime()).isEqualTo(Duration.ofMinutes(Math.round(example.downtimeHours() * 60)));
        assertThat(uptime.observed()).isEqualTo(Duration.ofHours((long) OBSERVED_HOURS));
        assertThat(uptime.percent()).isCloseTo(100.0 * (OBSERVED_HOURS - example.downtimeHours()) / OBSERVED_HOURS, within(1e-9));
        assertThat(uptime.days()).allSatisfy(day -> assertThat(day.uptimePercent()).isBetween(0.0, 100.0));
    }

    @Test
    void atMidnightTodayHasNothingObservedAndStill100Percent() {
        Instant midnight = Instant.parse("2026-11-29T00:00:00Z");
        Uptime uptime = UptimeHistory.of(List.of(open(Severity.CRITICAL, "2026-11-28T23:00:00Z")), midnight, 2);

        assertThat(uptime.days()).extracting(UptimeDay::date).containsExactly(LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29"));
        assertThat(uptime.days().get(1).observed()).isZero();
        assertThat(uptime.days().get(1).uptimePercent()).isEqualTo(100.0);
        assertThat(uptime.days().get(1).level()).isEqualTo(DayLevel.NO_INCIDENTS);
        assertThat(uptime.days().get(0).downtime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> UptimeHistory.of(List.of(), NOW, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static Incident resolved(Severity severity, String started, String resolved) {
        return incident(severity, IncidentStatus.RESOLVED, Instant.parse(started), Instant.parse(resolved), Instant.parse(resolved));
    }

    static Incident open(Severity severity, String started) {
        return incident(severity, IncidentStatus.INVESTIGATING, Instant.parse(started), null, Instant.parse(started));
    }

    static Incident closedWithoutResolution(Severity severity, String started, String updated) {
        return incident(severity, IncidentStatus.CLOSED, Instant.parse(started), null, Instant.parse(updated));
    }

    static Incident incident(Severity severity, IncidentStatus status, Instant started, Instant resolved, Instant updated) {
        return new Incident("INC-20261101-001", "a title", severity, status, "agente-api", "manual", Map.of(), "", "", "",
                List.of(), started, started, null, resolved, updated);
    }
}
