package io.firebreak.core.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.AlertEvent;
import io.firebreak.core.rule.AlertInstance;
import io.firebreak.core.rule.AlertState;
import io.firebreak.core.rule.RuleState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionPlanTest {
    @Test
    void alertsFiringTogetherInOneGroupMakeOneEntryAndResolvedOnesGoToTheirIncident() {
        var rule = CorrelationTest.rule(List.of(), true);
        AlertInstance a = CorrelationTest.alert("a:9187");
        AlertInstance b = CorrelationTest.alert("b:9187");
        AlertInstance c = CorrelationTest.alert("c:9187");
        AlertInstance orphan = CorrelationTest.alert("d:9187");
        var plan = DetectionPlan.of(rule, List.of(new AlertEvent.Fired(a), new AlertEvent.Fired(b),
                new AlertEvent.Resolved(c, CorrelationTest.NOW), new AlertEvent.Resolved(orphan, CorrelationTest.NOW)),
                Map.of(c.fingerprint(), "INC-20261025-001"));
        assertThat(plan.fired()).containsOnlyKeys(GroupKey.of(rule, a.labels()).value());
        assertThat(plan.fired().values().iterator().next()).containsExactly(a, b);
        assertThat(plan.resolved()).containsOnlyKeys("INC-20261025-001");   // the orphan had no incident: nothing to resolve
    }

    @Test
    void anAlertThatJoinedInThisEvaluationKeepsTheIncidentOpen() {
        AlertInstance joined = CorrelationTest.alert("a:9187");
        AlertInstance older = CorrelationTest.alert("b:9187");
        var pending = new AlertInstance("p", Map.of("instance", "p"), AlertState.PENDING, CorrelationTest.NOW, null, null, 0);
        var next = new RuleState(Map.of(joined.fingerprint(), joined, older.fingerprint(), older, "p", pending));
        assertThat(DetectionPlan.stillFiring(next, "INC-1", Map.of(joined.fingerprint(), "INC-1"), Map.of())).isEqualTo(1);
        assertThat(DetectionPlan.stillFiring(next, "INC-1", Map.of(joined.fingerprint(), "INC-1"), Map.of(older.fingerprint(), "INC-1")))
                .isEqualTo(2);
        assertThat(DetectionPlan.stillFiring(next, "INC-2", Map.of(), Map.of("p", "INC-2"))).as("pending alerts do not count").isZero();
    }
}
