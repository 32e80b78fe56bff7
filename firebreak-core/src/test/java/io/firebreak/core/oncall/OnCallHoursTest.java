package io.firebreak.core.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * November 2026 in Madrid, two weekly schedules, two overrides and six incidents, against a hand
 * calculation written out in the comments.
 */
class OnCallHoursTest {
    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    static final Instant FROM = Instant.parse("2026-10-31T23:00:00Z");   // 1 November 00:00 Madrid
    static final Instant TO = Instant.parse("2026-11-30T23:00:00Z");     // 1 December 00:00 Madrid

    static Schedule weekly(String name, List<String> participants) {
        return new Schedule(name, MADRID, ((Rotation.Parsed.Ok) Rotation.parse("1w", "MON 09:00", "2026-11-02")).rotation(), participants);
    }

    static Incident incident(String id, Severity severity, String commander, String detected, String resolved) {
        Instant at = Instant.parse(detected);
        return new Incident(id, "t", severity, IncidentStatus.RESOLVED, "agente-api", "manual", Map.of(), "", "", commander, List.of(),
                at, at, null, Instant.parse(resolved), Instant.parse(resolved));
    }

    static IncidentEvent event(String id, String at, String actor, EventType type, String message) {
        return new IncidentEvent(id, 1, Instant.parse(at), actor, type, null, null, message);
    }

    @Test
    void aMonthOfIncidentsMatchesTheHandCalculation() {
        Schedule primary = weekly("primary", List.of("alice", "bob", "carol"));
        Schedule secondary = weekly("secondary", List.of("bob", "carol", "alice"));
        List<Override> overrides = List.of(
                // dave covers alice's primary Wednesday 09:00 to Thursday 09:00: 24 of 168 hours
                new Override("o1", "primary", Override.Kind.REPLACE, "dave", "alice", Instant.parse("2026-11-04T08:00:00Z"),
                        Instant.parse("2026-11-05T08:00:00Z"), "lead", FROM),
                // alice takes carol's whole secondary week of 9 November
                new Override("o2", "secondary", Override.Kind.REPLACE, "alice", "carol", Instant.parse("2026-11-09T08:00:00Z"),
                        Instant.parse("2026-11-16T08:00:00Z"), "lead", FROM));
        List<IncidentWork> work = new ArrayList<>();
        // INC-1, SEV1 during alice's primary week: alice (as alice@example.com) acks 10:10, carol commands from 10:30,
        // resolved 13:10. alice 3h, carol 2h40m; comp days: alice (primary), carol (commander).
        work.add(new IncidentWork(incident("INC-1", Severity.CRITICAL, "carol", "2026-11-03T10:00:00Z", "2026-11-03T13:10:00Z"), List.of(
                event("INC-1", "2026-11-03T10:10:00Z", "alice@example.com", EventType.ACKNOWLEDGED, "acknowledged"),
                event("INC-1", "2026-11-03T10:30:00Z", "bob", EventType.COMMANDER_ASSIGNED, "incident commander: carol")), List.of()));
        // INC-2, SEV2: bob acks 20:05, resolved 02:05 the next day: bob 6h. alice logged 1h on it.
        work.add(new IncidentWork(incident("INC-2", Severity.HIGH, "", "2026-11-10T20:00:00Z", "2026-11-11T02:05:00Z"), List.of(
                event("INC-2", "2026-11-10T20:05:00Z", "bob", EventType.ACKNOWLEDGED, "")),
                List.of(new TimeLog("INC-2", "alice", Duration.ofHours(1), Instant.parse("2026-11-10T21:00:00Z")))));
        // INC-3, SEV2: bob 09:00 to 14:00, 5h: his week of 9 November has 11h, over the limit of 10.
        work.add(new IncidentWork(incident("INC-3", Severity.HIGH, "", "2026-11-12T09:00:00Z", "2026-11-12T14:00:00Z"), List.of(
                event("INC-3", "2026-11-12T09:00:00Z", "bob", EventType.ACKNOWLEDGED, "")), List.of()));
        // INC-4, SEV1 while dave covers primary: dave acks 12:05, resolved 12:35: 0.5h, no rate; comp day for dave.
        // carol logged 1h30m on it without acknowledging.
        work.add(new IncidentWork(incident("INC-4", Severity.CRITICAL, "", "2026-11-04T12:00:00Z", "2026-11-04T12:35:00Z"), List.of(
                event("INC-4", "2026-11-04T12:05:00Z", "dave", EventType.ACKNOWLEDGED, "")),
                List.of(new TimeLog("INC-4", "carol", Duration.ofMinutes(90), Instant.parse("2026-11-04T13:00:00Z")))));
        // INC-5, SEV3 from October: alice acks 22:00Z on 31 October, resolved 01:00Z: only 23:00Z-01:00Z is November, 2h.
        work.add(new IncidentWork(incident("INC-5", Severity.MEDIUM, "", "2026-10-31T20:00:00Z", "2026-11-01T01:00:00Z"), List.of(
                event("INC-5", "2026-10-31T22:00:00Z", "alice", EventType.ACKNOWLEDGED, "")), List.of()));
        // INC-6, SEV1 resolved in December: no comp day in November.
        work.add(new IncidentWork(incident("INC-6", Severity.CRITICAL, "bob", "2026-11-30T22:00:00Z", "2026-12-01T01:00:00Z"), List.of(),
                List.of()));

        Map<String, String> handles = Map.of("alice", "alice", "alice@example.com", "alice", "bob", "bob", "carol", "carol", "dave", "dave");
        HoursReport report = OnCallHours.report(FROM, TO, MADRID, List.of(primary, secondary), overrides,
                List.of("alice", "bob", "carol", "dave"),
                Map.of("alice", BigDecimal.valueOf(60), "bob", BigDecimal.valueOf(50), "carol", BigDecimal.valueOf(40)),
                name -> Optional.ofNullable(handles.get(name)), work, CompensationPolicy.seed(), Optional.of(primary));

        assertThat(report.currency()).isEqualTo("USD");
        // alice: primary 144/168 (week of 2 Nov, less dave's day) + 1 (23 Nov); secondary 1 (carol's, 9 Nov) + 1 (16 Nov) = 3.857 weeks.
        // response 3h (INC-1) + 1h logged (INC-2) + 2h (INC-5) = 6h x 60 x 2 = 720. Run from 5 Nov 09:00 to 30 Nov 09:00: 25 days.
        assertThat(report.people().get(0)).isEqualTo(new PersonHours("alice", new BigDecimal("3.86"), new BigDecimal("385.71"),
                new BigDecimal("6.00"), Optional.of(BigDecimal.valueOf(60)), new BigDecimal("720.00"), 1, new BigDecimal("1105.71"),
                List.of("on call 25 days in a row from 2026-11-05 (limit 2 weeks)")));
        // bob: primary 1 (9 Nov) + 15/168 (30 Nov 09:00 to midnight); secondary 1 (2 Nov) + 1 (23 Nov) = 3.089 weeks.
        // response 6h + 5h = 11h x 50 x 2 = 1100.
        assertThat(report.people().get(1)).isEqualTo(new PersonHours("bob", new BigDecimal("3.09"), new BigDecimal("308.93"),
                new BigDecimal("11.00"), Optional.of(BigDecimal.valueOf(50)), new BigDecimal("1100.00"), 0, new BigDecimal("1408.93"),
                List.of("week of 2026-11-09: 11.00 response hours (limit 10)")));
        // carol: primary 1 (16 Nov); secondary 0 (9 Nov went to alice) + 15/168 (30 Nov) = 1.089 weeks.
        // response 2h40m + 1h30m logged = 4h10m x 40 x 2 = 333.33.
        assertThat(report.people().get(2)).isEqualTo(new PersonHours("carol", new BigDecimal("1.09"), new BigDecimal("108.93"),
                new BigDecimal("4.17"), Optional.of(BigDecimal.valueOf(40)), new BigDecimal("333.33"), 1, new BigDecimal("442.26"),
                List.of()));
        // dave: 24/168 of a week = 14.29; 0.5h without a rate pays nothing; one SEV1 as primary.
        assertThat(report.people().get(3)).isEqualTo(new PersonHours("dave", new BigDecimal("0.14"), new BigDecimal("14.29"),
                new BigDecimal("0.50"), Optional.empty(), new BigDecimal("0.00"), 1, new BigDecimal("14.29"), List.of()));
    }

    @Test
    void aWeekThatDaylightSavingLengthensStillCountsAsOneWeek() {
        Schedule primary = new Schedule("primary", MADRID, ((Rotation.Parsed.Ok) Rotation.parse("1w", "MON 09:00", "2026-10-19")).rotation(),
                List.of("alice", "bob"));
        Instant from = Instant.parse("2026-10-19T07:00:00Z");
        Instant to = Instant.parse("2026-10-26T08:00:00Z");   // 169 hours later
        HoursReport report = OnCallHours.report(from, to, MADRID, List.of(primary), List.of(), List.of("alice", "bob"), Map.of(),
                Optional::of, List.of(), CompensationPolicy.seed(), Optional.empty());
        assertThat(report.people().get(0).onCallWeeks()).isEqualByComparingTo("1");
        assertThat(report.people().get(0).stipend()).isEqualByComparingTo("100");
        assertThat(report.people().get(1).onCallWeeks()).isEqualByComparingTo("0");
    }

    @Test
    void aPageStartsThePersonsResponseTimeAndAChannelPageNamesNobody() {
        var timeline = List.of(
                event("INC-1", "2026-11-10T10:00:00Z", "firebreak", EventType.PAGED,
                        "alice (step 1 of agente-api, schedule:primary) via slack-oncall, mail"),
                event("INC-1", "2026-11-10T10:00:00Z", "firebreak", EventType.PAGED, "channel slack-incidents (step 1 of agente-api)"),
                event("INC-1", "2026-11-10T10:20:00Z", "alice", EventType.ACKNOWLEDGED, ""),
                event("INC-1", "2026-11-10T10:15:00Z", "firebreak", EventType.PAGED,
                        "bob (step 2 of agente-api, schedule:secondary) via slack-oncall, mail"));
        var joined = OnCallHours.joined(timeline, name -> List.of("alice", "bob").contains(name) ? java.util.Optional.of(name)
                : java.util.Optional.empty());
        assertThat(joined).containsOnly(java.util.Map.entry("alice", Instant.parse("2026-11-10T10:00:00Z")),
                java.util.Map.entry("bob", Instant.parse("2026-11-10T10:15:00Z")));
    }
}
