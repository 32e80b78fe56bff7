package io.firebreak.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {
    static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");   // the night the clocks change in Europe
    static final Duration STEP = Duration.ofSeconds(30);

    static Rule seedRule(Duration hold, Duration keepFiring, boolean fireOnMissing) {
        return new Rule("db_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, hold, keepFiring, Severity.CRITICAL,
                "agente-api", "", "db down on {{labels.instance}}", "", Map.of(), Map.of(), List.of(), fireOnMissing, true,
                Optional.empty(), "rules.yml:2");
    }

    static Rule prometheusRule(Duration hold) {
        return new Rule("HighErrors", "api", "errors > 5", Optional.empty(), 0, hold, Duration.ZERO, Severity.HIGH,
                "", "", "", "", Map.of("severity", "error"), Map.of(), List.of(), false, true, Optional.empty(), "p.yml:3");
    }

    static List<Sample> pg(double... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(Map.of("instance", "db" + i, "__name__", "pg_up"), values[i]));
        }
        return samples;
    }

    /**
     * One row: a rule, the values seen at each 30-second step (empty array = empty result), and the
     * expected event at each step: "" none, "F" fired, "R" resolved, "FR"/"RF" both.
     */
    record Case(String description, Rule rule, List<double[]> steps, List<String> expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static double[] v(double... values) {
        return values;
    }

    static Stream<Case> cases() {
        Rule hold0 = seedRule(Duration.ZERO, Duration.ZERO, false);
        Rule hold60 = seedRule(Duration.ofSeconds(60), Duration.ZERO, false);
        Rule keep60 = seedRule(Duration.ZERO, Duration.ofSeconds(60), false);
        Rule missing = seedRule(Duration.ofSeconds(30), Duration.ZERO, true);
        return Stream.of(
                new Case("hold 0 fires on the first breached evaluation", hold0,
                        List.of(v(1), v(0), v(0), v(1)), List.of("", "F", "", "R")),
                new Case("hold 60s fires after two more evaluations", hold60,
                        List.of(v(0), v(0), v(0), v(0)), List.of("", "", "F", "")),
                new Case("pending that clears is dropped silently", hold60,
                        List.of(v(0), v(0), v(1), v(0), v(0), v(0)), List.of("", "", "", "", "", "F")),
                new Case("keep_firing_for holds a cleared alert, then resolves", keep60,
                        List.of(v(0), v(1), v(1), v(1)), List.of("F", "", "", "R")),
                new Case("keep_firing_for resets when the condition returns", keep60,
                        List.of(v(0), v(1), v(0), v(1), v(1), v(1)), List.of("F", "", "", "", "", "R")),
                new Case("an empty result is a breach when on_missing is fire", missing,
                        List.of(v(1), v(), v(), v(1)), List.of("", "", "F", "R")),
                new Case("an empty result is no breach by default", hold0,
                        List.of(v(0), v()), List.of("F", "R")),
                new Case("NaN never breaches", hold0,
                        List.of(v(Double.NaN)), List.of("")),
                new Case("Prometheus rule: every returned sample is active", prometheusRule(Duration.ZERO),
                        List.of(v(7), v(), v(9)), List.of("F", "R", "F")),
                new Case("two instances fire and resolve independently", hold0,
                        List.of(v(0, 1), v(0, 0), v(1, 0), v(1, 1)), List.of("F", "F", "R", "R")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsPrometheusSemantics(Case c) {
        RuleState state = RuleState.inactive();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < c.steps().size(); i++) {
            double[] values = c.steps().get(i);
            List<Sample> samples = c.rule().comparison().isPresent() ? pg(values) : prometheusSamples(values);
            var result = RuleEvaluation.step(c.rule(), state, samples, T0.plus(STEP.multipliedBy(i)));
            StringBuilder events = new StringBuilder();
            result.events().forEach(e -> events.append(e instanceof AlertEvent.Fired ? "F" : "R"));
            actual.add(events.toString());
            state = result.next();
        }
        assertThat(actual).isEqualTo(c.expected());
    }

    static List<Sample> prometheusSamples(double[] values) {
        List<Sample> samples = new ArrayList<>();
        for (double value : values) {
            samples.add(new Sample(Map.of("job", "api"), value));
        }
        return samples;
    }

    @Test
    void firedAlertCarriesActiveSinceFiredAtAndLabels() {
        Rule rule = seedRule(Duration.ofSeconds(60), Duration.ZERO, false);
        RuleState state = RuleState.inactive();
        AlertEvent fired = null;
        for (int i = 0; i < 3; i++) {
            var result = RuleEvaluation.step(rule, state, pg(0), T0.plus(STEP.multipliedBy(i)));
            state = result.next();
            if (!result.events().isEmpty()) {
                fired = result.events().get(0);
            }
        }
        assertThat(fired).isInstanceOfSatisfying(AlertEvent.Fired.class, f -> {
            assertThat(f.instance().activeSince()).isEqualTo(T0);
            assertThat(f.instance().firedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(f.instance().labels()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("alertname", "db_down", "instance", "db0", "service", "agente-api"));
            assertThat(f.instance().fingerprint()).isEqualTo("{alertname=\"db_down\", instance=\"db0\", service=\"agente-api\"}");
        });
    }

    @Test
    void sameInputsGiveTheSameResult() {
        Rule rule = seedRule(Duration.ZERO, Duration.ZERO, false);
        var a = RuleEvaluation.step(rule, RuleState.inactive(), pg(0, 0, 1), T0);
        var b = RuleEvaluation.step(rule, RuleState.inactive(), pg(0, 0, 1), T0);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void templatesFillLabelsAndValue() {
        assertThat(Templates.render("db down on {{labels.instance}} ({{value}})", Map.of("instance", "db1"), 0)).isEqualTo("db down on db1 (0)");
        assertThat(Templates.render("rate {{ $value }} on {{ $labels.job }}{{ $labels.nope }}", Map.of("job", "api"), 0.123456))
                .isEqualTo("rate 0.1235 on api");
        assertThat(Templates.render("{{value}}", Map.of(), Double.NaN)).isEqualTo("no data");
    }
}
