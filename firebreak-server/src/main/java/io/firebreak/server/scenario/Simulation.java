package io.firebreak.server.scenario;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a scenario through the real engine and store on a simulated clock: from {@code start},
 * cycle after cycle at the rules' intervals, until every series has ended and one more interval
 * has passed (so the last conditions clear). A {@link Pacer} decides how fast scenario time runs.
 */
public final class Simulation {
    private Simulation() {}

    /** Waits, in real time, until the simulation may go on to {@code next}; a no-op runs as fast as possible. */
    @FunctionalInterface
    public interface Pacer {
        void waitFor(Duration scenarioTime) throws InterruptedException;

        static Pacer fastest() {
            return time -> { };
        }

        /** Scenario time runs {@code speed} times faster than real time. */
        static Pacer speed(double speed) {
            return time -> {
                long millis = (long) (time.toMillis() / speed);
                if (millis > 0) {
                    Thread.sleep(millis);
                }
            };
        }
    }

    /** The incidents the run produced, oldest first, which of them were re-opened, and how long it ran in scenario time. */
    public record Result(Instant start, Instant end, List<Incident> incidents, java.util.Set<String> reopened) {}

    public static Result run(Scenario scenario, List<Rule> rules, Database database, Duration interval, Duration dedupWindow,
                             Instant start, Pacer pacer, Consumer<DetectionEngine.Cycle> listener) throws InterruptedException {
        var source = new ScenarioSource(scenario, start);
        List<Rule> evaluated = source.rulesWithSeries(rules);
        Instant end = start.plus(scenario.length()).plus(interval);
        Instant now = start;
        java.util.Set<String> reopened = new java.util.HashSet<>();
        try (var engine = new DetectionEngine(evaluated, source, new DetectionStore(database), interval, dedupWindow)) {
            while (!now.isAfter(end)) {
                DetectionEngine.Cycle cycle = engine.runDue(now);
                cycle.changes().stream().filter(c -> c.kind() == io.firebreak.server.store.IncidentChange.Kind.REOPENED)
                        .forEach(c -> reopened.add(c.incident().id()));
                listener.accept(cycle);
                Instant next = engine.nextDue(now);
                if (!next.isAfter(now)) {
                    next = now.plusSeconds(1);
                }
                pacer.waitFor(Duration.between(now, next));
                now = next;
            }
        }
        List<Incident> incidents = new ArrayList<>(new IncidentStore(database).list(IncidentQuery.all().withSince(start)));
        incidents.sort(Comparator.comparing(Incident::detected).thenComparing(Incident::id));
        return new Result(start, now, incidents, java.util.Set.copyOf(reopened));
    }

    /** Differences between what ran and what the scenario expects, with one interval of tolerance; empty when all match. */
    public static List<String> check(Scenario scenario, Result result, Duration tolerance) {
        List<String> problems = new ArrayList<>();
        List<Incident> unmatched = new ArrayList<>(result.incidents());
        for (Scenario.Expectation expected : scenario.expect()) {
            Incident match = unmatched.stream()
                    .filter(i -> i.source().equals("rule:" + expected.rule()))
                    .findFirst().orElse(null);
            if (match == null) {
                problems.add(expected.rule() + ": expected an incident, none opened");
                continue;
            }
            unmatched.remove(match);
            Duration opened = Duration.between(result.start(), match.detected());
            if (opened.minus(expected.opensAfter()).abs().compareTo(tolerance) > 0) {
                problems.add(expected.rule() + ": opened after " + opened + ", expected " + expected.opensAfter());
            }
            if (expected.reopens() != result.reopened().contains(match.id())) {
                problems.add(expected.rule() + (expected.reopens() ? ": expected a re-open within the dedup window, there was none"
                        : ": re-opened, the scenario expects no re-open"));
            }
            if (match.severity() != expected.severity()) {
                problems.add(expected.rule() + ": severity " + match.severity() + ", expected " + expected.severity());
            }
            if (expected.resolvesAfter().isPresent()) {
                if (match.resolved() == null) {
                    problems.add(expected.rule() + ": never resolved, expected after " + expected.resolvesAfter().get());
                } else {
                    Duration resolved = Duration.between(result.start(), match.resolved());
                    if (resolved.minus(expected.resolvesAfter().get()).abs().compareTo(tolerance) > 0) {
                        problems.add(expected.rule() + ": resolved after " + resolved + ", expected " + expected.resolvesAfter().get());
                    }
                }
            }
        }
        for (Incident extra : unmatched) {
            problems.add(extra.source() + ": unexpected incident " + extra.id() + " " + extra.title());
        }
        return problems;
    }
}
