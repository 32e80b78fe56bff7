package io.firebreak.core.incident;

import static io.firebreak.core.incident.IncidentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IncidentTransitionsTest {

    record Case(String description, IncidentStatus from, IncidentStatus to, String rejectionContains) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("acknowledge a triggered incident", TRIGGERED, ACKNOWLEDGED, null),
                new Case("start investigating without an explicit ack", TRIGGERED, INVESTIGATING, null),
                new Case("resolve before anyone looked", TRIGGERED, RESOLVED, null),
                new Case("acknowledged to investigating", ACKNOWLEDGED, INVESTIGATING, null),
                new Case("acknowledged to identified", ACKNOWLEDGED, IDENTIFIED, null),
                new Case("investigating to monitoring", INVESTIGATING, MONITORING, null),
                new Case("monitoring back to investigating", MONITORING, INVESTIGATING, null),
                new Case("monitoring to resolved", MONITORING, RESOLVED, null),
                new Case("re-open a resolved incident", RESOLVED, TRIGGERED, null),
                new Case("post-mortem after resolution", RESOLVED, POSTMORTEM, null),
                new Case("close after post-mortem", POSTMORTEM, CLOSED, null),
                new Case("close without post-mortem", RESOLVED, CLOSED, null),
                new Case("resolved cannot be acknowledged", RESOLVED, ACKNOWLEDGED, "re-open it first"),
                new Case("resolved cannot go back to investigating", RESOLVED, INVESTIGATING, "re-open it first"),
                new Case("same status is refused", ACKNOWLEDGED, ACKNOWLEDGED, "already ACKNOWLEDGED"),
                new Case("closed is final", CLOSED, TRIGGERED, "CLOSED"),
                new Case("open incident cannot be re-opened", INVESTIGATING, TRIGGERED, "only a RESOLVED incident"),
                new Case("working state cannot go back to acknowledged", INVESTIGATING, ACKNOWLEDGED, "allowed next"),
                new Case("post-mortem only before close", TRIGGERED, POSTMORTEM, "allowed next"),
                new Case("post-mortem cannot re-open", POSTMORTEM, TRIGGERED, "only CLOSED follows"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void transitionsFollowTheLifecycle(Case c) {
        var rejection = IncidentTransitions.rejection(c.from(), c.to());
        if (c.rejectionContains() == null) {
            assertThat(rejection).isEmpty();
            assertThat(IncidentTransitions.allowed(c.from(), c.to())).isTrue();
        } else {
            assertThat(rejection).hasValueSatisfying(reason -> assertThat(reason).contains(c.rejectionContains()));
        }
    }
}
