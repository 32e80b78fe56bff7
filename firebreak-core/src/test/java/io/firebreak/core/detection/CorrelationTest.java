package io.firebreak.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    static final Instant NOW = Instant.parse("2026-10-25T01:30:00Z");
    static final Duration DEDUP = Duration.ofMinutes(5);

    static Rule rule(List<String> groupBy, boolean autoResolve) {
        return new Rule("db_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, Duration.ofSeconds(60), Duration.ZERO,
                Severity.CRITICAL, "agente-api", "docs/runbooks/01-database-down.md", "Database down on {{labels.instance}}", "",
                Map.of(), Map.of(), groupBy, false, autoResolve, Optional.empty(), "rules.yml:2");
    }

    static AlertInstance alert(String instance) {
        Map<String, String> labels = Map.of("alertname", "db_down", "instance", instance, "service", "agente-api");
        return new AlertInstance(io.firebreak.core.rule.Fingerprint.of(labels), labels, AlertState.FIRING,
                NOW.minusSeconds(60), NOW, null, 0);
    }

    static Incident incident(IncidentStatus status, Instant resolved) {
        return new Incident("INC-20261025-001", "Database down", Severity.CRITICAL, status, "agente-api", "rule:db_down",
                null, null, null, null, null, NOW.minusSeconds(3600), NOW.minusSeconds(3600), null, resolved, NOW.minusSeconds(100));
    }

    record Case(String description, Optional<Incident> latest, Class<? extends DetectionAction> expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Case> firedCases() {
        return Stream.of(
                new Case("no incident yet opens one", Optional.empty(), DetectionAction.Open.class),
                new Case("an open incident is joined", Optional.of(incident(IncidentStatus.INVESTIGATING, null)), DetectionAction.Join.class),
                new Case("resolved 4m59s ago is re-opened", Optional.of(incident(IncidentStatus.RESOLVED, NOW.minusSeconds(299))), DetectionAction.Reopen.class),
                new Case("resolved exactly 5m ago is re-opened", Optional.of(incident(IncidentStatus.RESOLVED, NOW.minus(DEDUP))), DetectionAction.Reopen.class),
                new Case("resolved 5m01s ago gets a new incident", Optional.of(incident(IncidentStatus.RESOLVED, NOW.minusSeconds(301))), DetectionAction.Open.class),
                new Case("a closed incident is never re-opened", Optional.of(incident(IncidentStatus.CLOSED, NOW.minusSeconds(10))), DetectionAction.Open.class),
                new Case("a post-mortem incident is never re-opened", Optional.of(incident(IncidentStatus.POSTMORTEM, NOW.minusSeconds(10))), DetectionAction.Open.class));
    }

    @ParameterizedTest
    @MethodSource("firedCases")
    void firingAlertOpensJoinsOrReopens(Case c) {
        assertThat(Correlation.onFired(rule(List.of(), true), alert("db1"), c.latest().map(Correlation.Latest::of), DEDUP, NOW)).isInstanceOf(c.expected());
    }

    @Test
    void openedIncidentTakesTitleSeverityRunbookAndImpactStart() {
        var open = (DetectionAction.Open) Correlation.onFired(rule(List.of(), true), alert("db1"), Optional.empty(), DEDUP, NOW);
        assertThat(open.incident().title()).isEqualTo("Database down on db1");
        assertThat(open.incident().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.incident().service()).isEqualTo("agente-api");
        assertThat(open.incident().runbook()).isEqualTo("docs/runbooks/01-database-down.md");
        assertThat(open.incident().impactStarted()).isEqualTo(NOW.minusSeconds(60));
        assertThat(open.incident().source()).isEqualTo("rule:db_down");
        assertThat(open.key()).isEqualTo(new GroupKey("rule=db_down;service=agente-api"));
    }

    @Test
    void groupByLabelsSplitIncidents() {
        Rule rule = rule(List.of("instance"), true);
        assertThat(GroupKey.of(rule, alert("db1").labels())).isNotEqualTo(GroupKey.of(rule, alert("db2").labels()));
        assertThat(GroupKey.of(rule(List.of(), true), alert("db1").labels()))
                .isEqualTo(GroupKey.of(rule(List.of(), true), alert("db2").labels()));
        assertThat(GroupKey.of(rule, alert("db1").labels()).value()).isEqualTo("rule=db_down;service=agente-api;instance=db1");
    }

    @Test
    void lastResolvedAlertResolvesTheIncidentUnlessAutoResolveIsOff() {
        var open = Optional.of(incident(IncidentStatus.ACKNOWLEDGED, null));
        assertThat(Correlation.onResolved(rule(List.of(), true), alert("db1"), open, 0)).isInstanceOf(DetectionAction.Resolve.class);
        assertThat(Correlation.onResolved(rule(List.of(), true), alert("db1"), open, 1)).isInstanceOf(DetectionAction.Note.class);
        assertThat(Correlation.onResolved(rule(List.of(), false), alert("db1"), open, 0))
                .isInstanceOfSatisfying(DetectionAction.Note.class, note -> assertThat(note.message()).contains("auto_resolve is off"));
        assertThat(Correlation.onResolved(rule(List.of(), true), alert("db1"),
                Optional.of(incident(IncidentStatus.RESOLVED, NOW.minusSeconds(5))), 0)).isInstanceOf(DetectionAction.Nothing.class);
    }
}
