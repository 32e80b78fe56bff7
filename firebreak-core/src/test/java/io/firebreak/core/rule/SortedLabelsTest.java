package io.firebreak.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An alert's labels as two sorted arrays behave as the unmodifiable sorted map they replace. */
class SortedLabelsTest {

    @Test
    void readsLikeASortedMapAndEqualsOneBothWays() {
        Map<String, String> plain = new HashMap<>(Map.of("job", "api", "alertname", "cpu", "instance", "10.0.0.1:80", "zone", ""));
        TreeMap<String, String> tree = new TreeMap<>(plain);

        SortedLabels labels = SortedLabels.of(plain);

        assertThat(List.copyOf(labels.keySet())).containsExactly("alertname", "instance", "job", "zone");
        assertThat(List.copyOf(labels.values())).containsExactly("cpu", "10.0.0.1:80", "api", "");
        assertThat(labels.get("job")).isEqualTo("api");
        assertThat(labels.get("missing")).isNull();
        assertThat(labels.get(42)).isNull();
        assertThat(labels.containsKey("zone")).isTrue();
        assertThat(labels).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertThat(tree).isEqualTo(labels);
        assertThat(labels.toString()).isEqualTo(tree.toString());
        assertThat(labels.comparator()).isNull();
        assertThat(labels.firstKey()).isEqualTo("alertname");
        assertThat(labels.lastKey()).isEqualTo("zone");
        assertThat(labels.headMap("job")).isEqualTo(tree.headMap("job"));
        assertThat(labels.tailMap("job")).isEqualTo(tree.tailMap("job"));
        assertThat(labels.subMap("b", "k")).isEqualTo(tree.subMap("b", "k"));
        assertThat(Fingerprint.of(labels)).isEqualTo(Fingerprint.of(plain));
        assertThat(SortedLabels.of(labels)).isSameAs(labels);
        assertThat(SortedLabels.of(Map.of())).isEmpty();
    }

    @Test
    void refusesChanges() {
        SortedLabels labels = SortedLabels.of(Map.of("a", "1"));

        assertThatThrownBy(() -> labels.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(labels::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labelsWithTheSameNamesAreEqualOnlyWithTheSameValues() {
        SortedLabels first = SortedLabels.of(Map.of("alertname", "cpu", "instance", "a"));
        SortedLabels second = SortedLabels.of(Map.of("alertname", "cpu", "instance", "b"), first);
        SortedLabels other = SortedLabels.of(Map.of("alertname", "cpu", "host", "b"), first);

        assertThat(second).isNotEqualTo(first).containsEntry("instance", "b");
        assertThat(other).containsOnlyKeys("alertname", "host");
        assertThat(SortedLabels.of(Map.of("alertname", "cpu", "instance", "a"), second)).isEqualTo(first);
    }

    @Test
    void anAlertsLabelsAreTheSamplesWithTheRulesOverThemAndNoName() {
        Rule rule = new Rule("HighErrors", "api", "errors > 5", java.util.Optional.empty(), 0, java.time.Duration.ZERO,
                java.time.Duration.ZERO, io.firebreak.core.incident.Severity.HIGH, "payments", "", "", "",
                Map.of("severity", "error", "team", "core", "alertname", "ignored", "service", "ignored too"), Map.of(), List.of(),
                false, true, java.util.Optional.empty(), "p.yml:3");
        Map<String, String> sample = Map.of("__name__", "errors", "instance", "a:1", "severity", "info", "alertname", "x",
                "service", "other", "zone", "eu");
        // As a TreeMap built the way it was before the labels went into arrays.
        TreeMap<String, String> expected = new TreeMap<>(sample);
        expected.remove("__name__");
        expected.putAll(rule.labels());
        expected.put("alertname", rule.name());
        expected.put("service", rule.service());

        SortedLabels labels = RuleEvaluation.alertLabels(rule, sample, null);

        assertThat(labels).isEqualTo(expected);
        assertThat(List.copyOf(labels.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(Fingerprint.of(labels)).isEqualTo(Fingerprint.of(expected));
        assertThat(RuleEvaluation.alertLabels(rule, Map.of(), labels)).containsOnlyKeys("alertname", "service", "severity", "team");
    }

    @Test
    void alertsOfOneRuleShareTheNamesAndTheEqualValuesOfTheAlertBefore() {
        SortedLabels first = SortedLabels.of(Map.of("alertname", "cpu", "job", new String("node"), "instance", "a"));
        SortedLabels second = SortedLabels.of(Map.of("alertname", "cpu", "job", new String("node"), "instance", "b"), first);

        assertThat(second.sameNames(first)).isTrue();
        assertThat(second.get("job")).isSameAs(first.get("job"));
        assertThat(second.get("instance")).isEqualTo("b");
        assertThat(second).isNotEqualTo(first);
        assertThat(SortedLabels.of(Map.of("alertname", "cpu", "job", "other", "instance", "a"), first).get("job")).isEqualTo("other");
    }

    @Test
    void alertsKeepTheirLabelsAsSortedLabels() {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        AlertInstance alert = new AlertInstance("f", new HashMap<>(Map.of("b", "2", "a", "1")), AlertState.FIRING, now, now, null, 1);

        assertThat(alert.labels()).isInstanceOf(SortedLabels.class);
        assertThat(List.copyOf(alert.labels().keySet())).containsExactly("a", "b");
        assertThat(alert.seenAgain(2).labels()).isSameAs(alert.labels());
    }
}
