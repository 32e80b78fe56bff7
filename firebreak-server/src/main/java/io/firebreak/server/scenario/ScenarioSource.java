package io.firebreak.server.scenario;

import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.prometheus.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Answers rule queries from a scenario: at time t, each series of the rule gives its value at step floor((t - start) / step). */
public final class ScenarioSource implements MetricSource {
    private final Scenario scenario;
    private final Instant start;

    public ScenarioSource(Scenario scenario, Instant start) {
        this.scenario = scenario;
        this.start = start;
    }

    @Override
    public QueryResult query(Rule rule, Instant at) {
        long index = at.isBefore(start) ? -1 : Duration.between(start, at).toMillis() / scenario.step().toMillis();
        List<Sample> samples = new ArrayList<>();
        for (Scenario.Series series : scenario.series()) {
            if (!series.rule().equals(rule.name()) || index < 0 || index >= series.values().size()) {
                continue;
            }
            Double value = series.values().get((int) index);
            if (value != null) {
                samples.add(new Sample(series.labels(), value));
            }
        }
        return new QueryResult.Samples(samples, "scenario " + scenario.name());
    }

    /** The rules the scenario gives series for; only these are evaluated. */
    public List<Rule> rulesWithSeries(List<Rule> rules) {
        return rules.stream().filter(rule -> scenario.series().stream().anyMatch(s -> s.rule().equals(rule.name()))).toList();
    }
}
