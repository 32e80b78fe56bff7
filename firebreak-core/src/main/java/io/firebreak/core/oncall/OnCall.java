package io.firebreak.core.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call: pure functions of a schedule, its overrides and an instant. Overrides apply in
 * the order they start (then by id): first replacements and removals of whoever is on call at that
 * point, then additions. An override of someone who is not on call changes nothing.
 */
public final class OnCall {
    /** A guard against asking for years of hourly shifts by mistake. */
    static final int MAX_SHIFTS = 100_000;

    private OnCall() {}

    /** The people on call in {@code schedule} at {@code now}: the rotation's participant with the active overrides applied. */
    public static List<String> at(Schedule schedule, List<Override> overrides, Instant now) {
        return at(schedule, schedule.participant(schedule.shiftIndex(now)), overrides, now);
    }

    private static List<String> at(Schedule schedule, Optional<String> base, List<Override> overrides, Instant now) {
        List<String> people = new ArrayList<>();
        base.ifPresent(people::add);
        List<Override> active = overrides.stream()
                .filter(o -> o.schedule().equals(schedule.name()) && o.activeAt(now))
                .sorted(Comparator.comparing(Override::startsAt).thenComparing(o -> o.id() == null ? "" : o.id()))
                .toList();
        for (Override override : active) {
            int index = people.indexOf(override.replaces());
            if (override.kind() == Override.Kind.ADD || index < 0) {
                continue;
            }
            if (override.kind() == Override.Kind.REPLACE) {
                people.set(index, override.person());
            } else {
                people.remove(index);
            }
        }
        for (Override override : active) {
            if (override.kind() == Override.Kind.ADD) {
                people.add(override.person());
            }
        }
        return List.copyOf(new LinkedHashSet<>(people));
    }

    /**
     * Every shift of {@code schedule} that overlaps {@code [from, to)}, clipped to it, with overrides
     * applied: a person's time within one rotation shift is one {@link Shift}, split where an override
     * takes them off and puts them back. Ordered by start, then person.
     */
    public static List<Shift> shifts(Schedule schedule, List<Override> overrides, Instant from, Instant to) {
        List<Shift> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        long index = Math.max(0, schedule.shiftIndex(from));
        for (int guard = 0; ; guard++) {
            if (guard > MAX_SHIFTS) {
                throw new IllegalArgumentException("more than " + MAX_SHIFTS + " shifts between " + from + " and " + to + ": ask for less");
            }
            Instant baseStart = schedule.shiftStart(index);
            if (!baseStart.isBefore(to)) {
                break;
            }
            Instant start = baseStart.isBefore(from) ? from : baseStart;
            Instant baseEnd = schedule.shiftStart(index + 1);
            Instant end = baseEnd.isAfter(to) ? to : baseEnd;
            if (end.isAfter(start)) {
                within(schedule, schedule.participant(index), overrides, start, end, out);
            }
            index++;
        }
        out.sort(Comparator.comparing(Shift::start).thenComparing(Shift::person));
        return out;
    }

    /** The shifts inside one rotation shift {@code [start, end)}: split at override boundaries, merged per person. */
    private static void within(Schedule schedule, Optional<String> base, List<Override> overrides, Instant start, Instant end,
                               List<Shift> out) {
        TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(start);
        for (Override override : overrides) {
            if (!override.schedule().equals(schedule.name())) {
                continue;
            }
            for (Instant edge : List.of(override.startsAt(), override.endsAt())) {
                if (edge.isAfter(start) && edge.isBefore(end)) {
                    cuts.add(edge);
                }
            }
        }
        Map<String, Instant> open = new LinkedHashMap<>();
        for (Instant cut : cuts) {
            List<String> people = at(schedule, base, overrides, cut);
            for (var entry : List.copyOf(open.entrySet())) {
                if (!people.contains(entry.getKey())) {
                    out.add(new Shift(schedule.name(), entry.getKey(), entry.getValue(), cut, !base.equals(Optional.of(entry.getKey()))));
                    open.remove(entry.getKey());
                }
            }
            for (String person : people) {
                open.putIfAbsent(person, cut);
            }
        }
        open.forEach((person, since) -> out.add(new Shift(schedule.name(), person, since, end, !base.equals(Optional.of(person)))));
    }

    /** The spans within {@code [from, to)} when nobody is on call in {@code schedule}. */
    public static List<Span> gaps(Schedule schedule, List<Override> overrides, Instant from, Instant to) {
        return complement(union(shifts(schedule, overrides, from, to)), from, to);
    }

    /** Merges overlapping or touching shifts into runs of continuous on-call time. */
    public static List<Span> union(List<Shift> shifts) {
        List<Shift> sorted = shifts.stream().sorted(Comparator.comparing(Shift::start)).toList();
        List<Span> runs = new ArrayList<>();
        Instant runStart = null;
        Instant runEnd = null;
        for (Shift shift : sorted) {
            if (runEnd != null && !shift.start().isAfter(runEnd)) {
                runEnd = shift.end().isAfter(runEnd) ? shift.end() : runEnd;
                continue;
            }
            if (runEnd != null) {
                runs.add(new Span(runStart, runEnd));
            }
            runStart = shift.start();
            runEnd = shift.end();
        }
        if (runEnd != null) {
            runs.add(new Span(runStart, runEnd));
        }
        return runs;
    }

    private static List<Span> complement(List<Span> covered, Instant from, Instant to) {
        List<Span> gaps = new ArrayList<>();
        Instant cursor = from;
        for (Span span : covered) {
            if (span.start().isAfter(cursor)) {
                gaps.add(new Span(cursor, span.start()));
            }
            cursor = span.end().isAfter(cursor) ? span.end() : cursor;
        }
        if (to.isAfter(cursor)) {
            gaps.add(new Span(cursor, to));
        }
        return gaps;
    }

    /** The rotation's handoff at or before {@code now} (the start of the current shift). */
    public static Instant previousHandoff(Schedule schedule, Instant now) {
        return schedule.shiftStart(schedule.shiftIndex(now));
    }

    /** The rotation's first handoff after {@code now}. */
    public static Instant nextHandoff(Schedule schedule, Instant now) {
        return schedule.shiftStart(schedule.shiftIndex(now) + 1);
    }

    /**
     * For each participant, the longest time the rotation alone keeps them on call without a break,
     * in nominal shift lengths; empty for someone the rotation never lets go (they are the only
     * participant, or every participant is the same person).
     */
    public static Map<String, Optional<Duration>> longestStretches(Schedule schedule) {
        Map<String, Optional<Duration>> out = new LinkedHashMap<>();
        List<String> people = schedule.participants();
        int size = people.size();
        for (String person : new LinkedHashSet<>(people)) {
            if (people.stream().allMatch(person::equals)) {
                out.put(person, Optional.empty());
                continue;
            }
            int longest = 0;
            for (int first = 0; first < size; first++) {
                int run = 0;
                while (run < size && people.get((first + run) % size).equals(person)) {
                    run++;
                }
                longest = Math.max(longest, run);
            }
            out.put(person, Optional.of(schedule.rotation().nominalShift().multipliedBy(longest)));
        }
        return out;
    }
}
