package io.firebreak.server.scenario;

import io.firebreak.core.incident.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metric values over time for a set of rules, replayed through the real engine: a drill, a demo,
 * or a test. Only rules with at least one series are evaluated.
 *
 * @param expect the incidents a correct run produces, for tests and for {@code simulate}'s check
 */
public record Scenario(String name, String description, Path rulesFile, Duration step, List<Series> series, List<Expectation> expect) {

    /** The values one alert instance of {@code rule} takes, a step apart; null = no sample at that step. */
    public record Series(String rule, Map<String, String> labels, List<Double> values) {}

    /** An incident the scenario should produce, with times from the scenario start. */
    public record Expectation(String rule, Severity severity, Duration opensAfter, Optional<Duration> resolvesAfter, boolean reopens) {}

    /** How long the scenario runs: its longest series. */
    public Duration length() {
        int steps = series.stream().mapToInt(s -> s.values().size()).max().orElse(0);
        return step.multipliedBy(steps);
    }
}
