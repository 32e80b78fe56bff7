package io.firebreak.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    static Incident opened() {
        var spec = new NewIncident("Database down", Severity.CRITICAL, "agente-api", "manual",
                java.util.Map.of("env", "prod"), "docs/runbooks/01-database-down.md", T0.minusSeconds(90));
        return IncidentLifecycle.open(spec, IncidentId.of(T0, 1), "alice", T0).incident();
    }

    static Incident applied(Change change) {
        assertThat(change).isInstanceOf(Change.Applied.class);
        return ((Change.Applied) change).incident();
    }

    @Test
    void openStartsTriggeredWithOneOpenedEvent() {
        var spec = NewIncident.manual("Database down", Severity.CRITICAL, "agente-api");
        var applied = IncidentLifecycle.open(spec, IncidentId.of(T0, 7), "alice", T0);
        assertThat(applied.incident().id()).isEqualTo("INC-20261128-007");
        assertThat(applied.incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(applied.incident().impactStarted()).isEqualTo(T0);
        assertThat(applied.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.OPENED);
            assertThat(event.to()).isEqualTo(IncidentStatus.TRIGGERED);
            assertThat(event.message()).isEqualTo("opened: SEV1 Database down (agente-api)");
        });
    }

    @Test
    void timeToDetectAcknowledgeAndResolveAreDerived() {
        Incident incident = opened();
        incident = applied(IncidentLifecycle.acknowledge(incident, "bob", T0.plusSeconds(120)));
        incident = applied(IncidentLifecycle.resolve(incident, "failover done", "bob", T0.plusSeconds(900)));
        assertThat(incident.timeToDetect()).isEqualTo(Duration.ofSeconds(90));
        assertThat(incident.timeToAcknowledge()).contains(Duration.ofMinutes(2));
        assertThat(incident.timeToResolve()).contains(Duration.ofMinutes(15));
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void movingTriggeredToWorkingStateAcknowledgesImplicitly() {
        var change = (Change.Applied) IncidentLifecycle.changeStatus(opened(), IncidentStatus.INVESTIGATING,
                "looking at pg", "bob", T0.plusSeconds(30));
        assertThat(change.incident().acknowledged()).isEqualTo(T0.plusSeconds(30));
        assertThat(change.events()).extracting(IncidentEvent.Draft::type)
                .containsExactly(EventType.ACKNOWLEDGED, EventType.STATUS_CHANGED);
        assertThat(change.events().get(1).from()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(change.events().get(1).message()).isEqualTo("looking at pg");
    }

    @Test
    void acknowledgingTwiceIsRejected() {
        Incident acked = applied(IncidentLifecycle.acknowledge(opened(), "bob", T0));
        assertThat(IncidentLifecycle.acknowledge(acked, "carol", T0))
                .isEqualTo(new Change.Rejected("incident is already acknowledged (status ACKNOWLEDGED)"));
    }

    @Test
    void acknowledgingResolvedIncidentIsRejectedWithReason() {
        Incident resolved = applied(IncidentLifecycle.resolve(opened(), "", "bob", T0));
        assertThat(IncidentLifecycle.acknowledge(resolved, "bob", T0))
                .isEqualTo(new Change.Rejected("only a TRIGGERED incident can be acknowledged; this one is RESOLVED"));
    }

    @Test
    void reopenClearsResolvedButKeepsFirstAcknowledgement() {
        Incident incident = applied(IncidentLifecycle.acknowledge(opened(), "bob", T0.plusSeconds(60)));
        incident = applied(IncidentLifecycle.resolve(incident, "", "bob", T0.plusSeconds(120)));
        var reopened = (Change.Applied) IncidentLifecycle.reopen(incident, "flapping again", "firebreak", T0.plusSeconds(180));
        assertThat(reopened.incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(reopened.incident().resolved()).isNull();
        assertThat(reopened.incident().acknowledged()).isEqualTo(T0.plusSeconds(60));
        assertThat(reopened.events()).singleElement().extracting(IncidentEvent.Draft::type).isEqualTo(EventType.REOPENED);
    }

    @Test
    void notesAndAssignmentsAppendEventsWithoutChangingStatus() {
        var note = (Change.Applied) IncidentLifecycle.note(opened(), "  pg primary OOM-killed ", "bob", T0);
        assertThat(note.incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(note.events()).singleElement().extracting(IncidentEvent.Draft::message).isEqualTo("pg primary OOM-killed");

        Incident withCommander = applied(IncidentLifecycle.assignCommander(opened(), "alice", "bob", T0));
        assertThat(withCommander.commander()).isEqualTo("alice");
        var reassigned = (Change.Applied) IncidentLifecycle.assignCommander(withCommander, "carol", "bob", T0);
        assertThat(reassigned.events().get(0).message()).isEqualTo("incident commander: carol (was alice)");

        Incident withResponder = applied(IncidentLifecycle.addResponder(opened(), "dave", "bob", T0));
        assertThat(withResponder.responders()).containsExactly("dave");
        assertThat(IncidentLifecycle.addResponder(withResponder, "dave", "bob", T0))
                .isEqualTo(new Change.Rejected("dave is already a responder"));
        assertThat(IncidentLifecycle.note(opened(), " ", "bob", T0)).isEqualTo(new Change.Rejected("a note needs some text"));
    }

    @Test
    void impactStartInTheFutureIsClampedToDetection() {
        var spec = new NewIncident("x", Severity.LOW, "", "rule:x", null, "", T0.plusSeconds(5));
        assertThat(IncidentLifecycle.open(spec, IncidentId.of(T0, 1), "firebreak", T0).incident().impactStarted()).isEqualTo(T0);
    }
}
