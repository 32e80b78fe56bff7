package io.firebreak.core.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Who is on call across handoffs, daylight-saving days in Madrid and New York, and overrides of each kind. */
class OnCallTest {
    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final List<String> ABC = List.of("alice", "bob", "carol");

    static Schedule schedule(ZoneId zone, String every, String handoff, String start, List<String> participants) {
        var parsed = Rotation.parse(every, handoff, start);
        assertThat(parsed).isInstanceOf(Rotation.Parsed.Ok.class);
        return new Schedule("primary", zone, ((Rotation.Parsed.Ok) parsed).rotation(), participants);
    }

    static Override override(String id, Override.Kind kind, String person, String replaces, String from, String to) {
        return new Override(id, "primary", kind, person, replaces, Instant.parse(from), Instant.parse(to), "tester", Instant.parse(from));
    }

    record Case(String description, Schedule schedule, String at, List<String> onCall) {
        @java.lang.Override
        public String toString() {
            return description;
        }
    }

    static Stream<Case> handoffs() {
        Schedule madridWeekly = schedule(MADRID, "1w", "MON 09:00", "2026-03-02", ABC);
        Schedule madridAutumn = schedule(MADRID, "1w", "MON 09:00", "2026-10-05", ABC);
        Schedule newYorkDaily = schedule(NEW_YORK, "1d", "09:00", "2026-03-07", List.of("alice", "bob"));
        Schedule newYorkAutumn = schedule(NEW_YORK, "1d", "09:00", "2026-10-31", List.of("alice", "bob"));
        Schedule madridGap = schedule(MADRID, "1d", "02:30", "2026-03-28", List.of("alice", "bob"));
        Schedule newYorkGap = schedule(NEW_YORK, "1d", "02:30", "2026-03-07", List.of("alice", "bob"));
        Schedule newYorkTwice = schedule(NEW_YORK, "1d", "01:30", "2026-10-31", List.of("alice", "bob"));
        Schedule madridTwice = schedule(MADRID, "1d", "02:30", "2026-10-24", List.of("alice", "bob"));
        Schedule hourly = schedule(MADRID, "8h", "00:00", "2026-03-29", ABC);
        Schedule fortnight = schedule(MADRID, "2w", "MON 09:00", "2026-11-02", List.of("alice", "bob"));
        Schedule startsMidWeek = schedule(MADRID, "1w", "MON 09:00", "2026-10-29", ABC);
        return Stream.of(
                new Case("before the first handoff nobody is on call", madridWeekly, "2026-03-02T07:59:59Z", List.of()),
                new Case("first handoff, Monday 09:00 CET", madridWeekly, "2026-03-02T08:00:00Z", List.of("alice")),
                new Case("fourth week starts 09:00 CET", madridWeekly, "2026-03-23T08:00:00Z", List.of("alice")),
                new Case("one second before that, the third participant", madridWeekly, "2026-03-23T07:59:59Z", List.of("carol")),
                new Case("Madrid spring forward: the week after still hands over at 09:00 CEST (07:00Z)", madridWeekly,
                        "2026-03-30T06:59:59Z", List.of("alice")),
                new Case("Madrid spring forward: 09:00 CEST", madridWeekly, "2026-03-30T07:00:00Z", List.of("bob")),
                new Case("Madrid fall back: 08:30 CET is still last week's", madridAutumn, "2026-10-26T07:30:00Z", List.of("carol")),
                new Case("Madrid fall back: 09:00 CET (08:00Z)", madridAutumn, "2026-10-26T08:00:00Z", List.of("alice")),
                new Case("New York spring forward day: 08:59 EDT", newYorkDaily, "2026-03-08T12:59:59Z", List.of("alice")),
                new Case("New York spring forward day: 09:00 EDT (13:00Z)", newYorkDaily, "2026-03-08T13:00:00Z", List.of("bob")),
                new Case("New York fall back day: 08:59 EST", newYorkAutumn, "2026-11-01T13:59:59Z", List.of("alice")),
                new Case("New York fall back day: 09:00 EST (14:00Z)", newYorkAutumn, "2026-11-01T14:00:00Z", List.of("bob")),
                new Case("Madrid 02:30 does not exist on 29 March: the handoff is at 03:00 CEST (01:00Z)", madridGap,
                        "2026-03-29T00:59:59Z", List.of("alice")),
                new Case("Madrid gap handoff at the end of the gap", madridGap, "2026-03-29T01:00:00Z", List.of("bob")),
                new Case("Madrid the day after: 02:30 CEST again", madridGap, "2026-03-30T00:30:00Z", List.of("alice")),
                new Case("New York 02:30 does not exist on 8 March: handoff at 03:00 EDT (07:00Z)", newYorkGap,
                        "2026-03-08T06:59:59Z", List.of("alice")),
                new Case("New York gap handoff at the end of the gap", newYorkGap, "2026-03-08T07:00:00Z", List.of("bob")),
                new Case("New York 01:30 happens twice on 1 November: the first (EDT, 05:30Z) counts", newYorkTwice,
                        "2026-11-01T05:30:00Z", List.of("bob")),
                new Case("New York before the first 01:30", newYorkTwice, "2026-11-01T05:29:59Z", List.of("alice")),
                new Case("Madrid 02:30 happens twice on 25 October: the first (CEST, 00:30Z) counts", madridTwice,
                        "2026-10-25T00:30:00Z", List.of("bob")),
                new Case("Madrid before the first 02:30", madridTwice, "2026-10-25T00:29:59Z", List.of("alice")),
                new Case("hourly rotations step in real hours: 8h after 00:00 CET is 09:00 CEST", hourly, "2026-03-29T07:00:00Z",
                        List.of("bob")),
                new Case("hourly, just before", hourly, "2026-03-29T06:59:59Z", List.of("alice")),
                new Case("every two weeks: the second week is still alice's", fortnight, "2026-11-12T12:00:00Z", List.of("alice")),
                new Case("every two weeks: bob from 16 November", fortnight, "2026-11-16T08:00:00Z", List.of("bob")),
                new Case("a start on a Thursday begins at the next Monday", startsMidWeek, "2026-11-01T12:00:00Z", List.of()),
                new Case("... and there with the first participant", startsMidWeek, "2026-11-02T08:00:00Z", List.of("alice")));
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    void whoIsOnCallFollowsTheLocalHandoff(Case c) {
        assertThat(OnCall.at(c.schedule(), List.of(), Instant.parse(c.at()))).containsExactlyElementsOf(c.onCall());
    }

    record OverrideCase(String description, List<Override> overrides, String at, List<String> onCall) {
        @java.lang.Override
        public String toString() {
            return description;
        }
    }

    static final Schedule NOVEMBER = schedule(MADRID, "1w", "MON 09:00", "2026-11-02", ABC);

    static Stream<OverrideCase> overrides() {
        Override replace = override("o1", Override.Kind.REPLACE, "dave", "alice", "2026-11-04T11:00:00Z", "2026-11-05T11:00:00Z");
        Override add = override("o2", Override.Kind.ADD, "dave", null, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
        Override remove = override("o3", Override.Kind.REMOVE, null, "alice", "2026-11-06T18:00:00Z", "2026-11-07T06:00:00Z");
        Override replaceAbsent = override("o4", Override.Kind.REPLACE, "dave", "bob", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
        Override otherSchedule = new Override("o5", "secondary", Override.Kind.REPLACE, "dave", "alice",
                Instant.parse("2026-11-03T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z"), "tester", Instant.parse("2026-11-01T00:00:00Z"));
        Override addDuringReplace = override("o6", Override.Kind.ADD, "erin", null, "2026-11-04T00:00:00Z", "2026-11-06T00:00:00Z");
        return Stream.of(
                new OverrideCase("no overrides: the rotation", List.of(), "2026-11-04T12:00:00Z", List.of("alice")),
                new OverrideCase("replace: dave instead of alice", List.of(replace), "2026-11-04T12:00:00Z", List.of("dave")),
                new OverrideCase("replace starts inclusive", List.of(replace), "2026-11-04T11:00:00Z", List.of("dave")),
                new OverrideCase("replace ends exclusive", List.of(replace), "2026-11-05T11:00:00Z", List.of("alice")),
                new OverrideCase("add: dave on top of alice", List.of(add), "2026-11-03T12:00:00Z", List.of("alice", "dave")),
                new OverrideCase("remove: nobody instead of alice", List.of(remove), "2026-11-06T20:00:00Z", List.of()),
                new OverrideCase("replacing someone who is not on call changes nothing", List.of(replaceAbsent),
                        "2026-11-03T12:00:00Z", List.of("alice")),
                new OverrideCase("another schedule's override does not apply", List.of(otherSchedule), "2026-11-03T12:00:00Z",
                        List.of("alice")),
                new OverrideCase("an addition joins a replacement", List.of(replace, addDuringReplace), "2026-11-04T12:00:00Z",
                        List.of("dave", "erin")),
                new OverrideCase("an override across the handoff follows the rotation: alice is gone by then",
                        List.of(override("o7", Override.Kind.REPLACE, "dave", "alice", "2026-11-09T00:00:00Z", "2026-11-10T00:00:00Z")),
                        "2026-11-09T09:00:00Z", List.of("bob")));
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void overridesChangeWhoIsOnCall(OverrideCase c) {
        assertThat(OnCall.at(NOVEMBER, c.overrides(), Instant.parse(c.at()))).containsExactlyElementsOf(c.onCall());
    }

    @Test
    void shiftsAreSplitByOverridesAndClipped() {
        Override replace = override("o1", Override.Kind.REPLACE, "dave", "alice", "2026-11-04T11:00:00Z", "2026-11-05T11:00:00Z");
        List<Shift> shifts = OnCall.shifts(NOVEMBER, List.of(replace), Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-16T08:00:00Z"));
        assertThat(shifts).containsExactly(
                new Shift("primary", "alice", Instant.parse("2026-11-02T08:00:00Z"), Instant.parse("2026-11-04T11:00:00Z"), false),
                new Shift("primary", "dave", Instant.parse("2026-11-04T11:00:00Z"), Instant.parse("2026-11-05T11:00:00Z"), true),
                new Shift("primary", "alice", Instant.parse("2026-11-05T11:00:00Z"), Instant.parse("2026-11-09T08:00:00Z"), false),
                new Shift("primary", "bob", Instant.parse("2026-11-09T08:00:00Z"), Instant.parse("2026-11-16T08:00:00Z"), false));
        assertThat(OnCall.gaps(NOVEMBER, List.of(), Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z")))
                .containsExactly(new Span(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T08:00:00Z")));
        Override remove = override("o3", Override.Kind.REMOVE, null, "bob", "2026-11-10T00:00:00Z", "2026-11-10T06:00:00Z");
        assertThat(OnCall.gaps(NOVEMBER, List.of(remove), Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-11T00:00:00Z")))
                .containsExactly(new Span(Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-10T06:00:00Z")));
    }

    @Test
    void shiftsAcrossDaylightSavingAreAnHourLongerOrShorter() {
        Schedule autumn = schedule(MADRID, "1w", "MON 09:00", "2026-10-19", ABC);
        List<Shift> shifts = OnCall.shifts(autumn, List.of(), Instant.parse("2026-10-19T00:00:00Z"), Instant.parse("2026-10-27T00:00:00Z"));
        assertThat(shifts.getFirst().length()).isEqualTo(Duration.ofHours(169));
        Schedule spring = schedule(NEW_YORK, "1w", "MON 09:00", "2026-03-02", ABC);
        List<Shift> march = OnCall.shifts(spring, List.of(), Instant.parse("2026-03-02T14:00:00Z"), Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(march).singleElement().satisfies(s -> assertThat(s.length()).isEqualTo(Duration.ofHours(167)));
        assertThat(OnCall.nextHandoff(spring, Instant.parse("2026-03-04T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
        assertThat(OnCall.previousHandoff(spring, Instant.parse("2026-03-04T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
    }

    @Test
    void conflictingOverridesAreRecognised() {
        Override a = override("a", Override.Kind.ADD, "dave", null, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
        assertThat(a.conflictsWith(override("b", Override.Kind.ADD, "dave", null, "2026-11-03T23:00:00Z", "2026-11-05T00:00:00Z"))).isTrue();
        assertThat(a.conflictsWith(override("b", Override.Kind.ADD, "dave", null, "2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z")))
                .as("touching spans do not overlap").isFalse();
        assertThat(a.conflictsWith(override("b", Override.Kind.ADD, "erin", null, "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"))).isFalse();
        Override r = override("r", Override.Kind.REPLACE, "dave", "alice", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
        assertThat(r.conflictsWith(override("s", Override.Kind.REMOVE, null, "alice", "2026-11-03T12:00:00Z", "2026-11-03T13:00:00Z"))).isTrue();
        assertThat(r.conflictsWith(override("s", Override.Kind.REPLACE, "erin", "bob", "2026-11-03T12:00:00Z", "2026-11-03T13:00:00Z"))).isFalse();
        assertThatThrownBy(() -> override("x", Override.Kind.REPLACE, "alice", "alice", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"))
                .hasMessageContaining("two different people");
        assertThatThrownBy(() -> override("x", Override.Kind.ADD, "alice", null, "2026-11-03T00:00:00Z", "2026-11-03T00:00:00Z"))
                .hasMessageContaining("end after it starts");
    }

    @Test
    void rotationTextIsParsedOrRefusedWithTheField() {
        assertThat(Rotation.parse("3d", null, "2026-11-02")).isEqualTo(new Rotation.Parsed.Ok(
                new Rotation(Rotation.Unit.DAYS, 3, null, java.time.LocalTime.of(9, 0), java.time.LocalDate.parse("2026-11-02"))));
        assertThat(Rotation.parse("1m", null, "2026-11-02")).isEqualTo(new Rotation.Parsed.Invalid("every",
                "expected 1h, 1d, 1w, Nd or Nw, was '1m'"));
        assertThat(Rotation.parse("1d", "MON 09:00", "2026-11-02")).isInstanceOf(Rotation.Parsed.Invalid.class)
                .extracting(p -> ((Rotation.Parsed.Invalid) p).field()).isEqualTo("handoff");
        assertThat(Rotation.parse("1w", "FUNDAY 09:00", "2026-11-02")).isEqualTo(new Rotation.Parsed.Invalid("handoff",
                "unknown weekday 'FUNDAY' (use MON, TUE, WED, THU, FRI, SAT or SUN)"));
        assertThat(Rotation.parse("1w", "MON 25:00", "2026-11-02")).isInstanceOf(Rotation.Parsed.Invalid.class);
        assertThat(Rotation.parse("1w", "MON 09:00", "2 Nov")).isEqualTo(new Rotation.Parsed.Invalid("start",
                "expected a date such as 2026-11-02, was '2 Nov'"));
    }

    @Test
    void longestStretchesShowWhoTheRotationNeverLetsGo() {
        Schedule twice = schedule(MADRID, "1w", "MON 09:00", "2026-11-02", List.of("alice", "bob", "bob", "bob", "carol"));
        assertThat(OnCall.longestStretches(twice)).containsEntry("bob", Optional.of(Duration.ofDays(21)))
                .containsEntry("alice", Optional.of(Duration.ofDays(7)));
        Schedule wrap = schedule(MADRID, "1w", "MON 09:00", "2026-11-02", List.of("alice", "bob", "alice"));
        assertThat(OnCall.longestStretches(wrap)).containsEntry("alice", Optional.of(Duration.ofDays(14)));
        Schedule alone = schedule(MADRID, "1w", "MON 09:00", "2026-11-02", List.of("alice"));
        assertThat(OnCall.longestStretches(alone)).containsEntry("alice", Optional.empty());
    }
}
