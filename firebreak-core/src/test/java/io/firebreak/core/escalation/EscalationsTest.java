package io.firebreak.core.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.core.escalation.EscalationAction.AckTimedOut;
import io.firebreak.core.escalation.EscalationAction.ChannelPage;
import io.firebreak.core.escalation.EscalationAction.Escalated;
import io.firebreak.core.escalation.EscalationAction.Page;
import io.firebreak.core.escalation.EscalationAction.Unrouted;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EscalationsTest {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final Contact ALICE = new Contact("alice", "alice@example.com", "U0ALICE");
    static final Contact BOB = new Contact("bob", "bob@example.com", "");
    static final Contact CAROL = new Contact("carol", "", "U0CAROL");
    static final Contact LEAD = new Contact("team-lead", "lead@example.com", "");
    static final Contact DIRECTOR = new Contact("director", "director@example.com", "");
    static final Contact SILENT = new Contact("silent", "", "");

    static final Target PRIMARY = new Target.Schedule("primary");
    static final Target SECONDARY = new Target.Schedule("secondary");
    static final Target COMMANDER = new Target.Schedule("incident-commander");
    static final Target TEAM_LEAD = new Target.Person("team-lead");
    static final Target DIRECTOR_T = new Target.Person("director");

    static final OnCallLookup LOOKUP = new OnCallLookup() {
        final Map<String, List<Contact>> schedules = Map.of("primary", List.of(ALICE), "secondary", List.of(BOB),
                "incident-commander", List.of(CAROL), "empty", List.of(), "silent", List.of(SILENT));
        final Map<String, Contact> people = Map.of("alice", ALICE, "bob", BOB, "carol", CAROL, "team-lead", LEAD,
                "director", DIRECTOR, "silent", SILENT);

        @Override
        public List<Contact> onCall(String schedule, Instant now) {
            return schedules.getOrDefault(schedule, List.of());
        }

        @Override
        public Optional<Contact> person(String name) {
            return Optional.ofNullable(people.get(name));
        }
    };

    static EscalationStep step(Target target, String minutes) {
        return new EscalationStep(List.of(target), minutes == null ? Optional.empty() : Optional.of(Duration.ofMinutes(Long.parseLong(minutes))));
    }

    /** The seed's chain: primary 15m, secondary 30m, commander 15m, team lead 30m, director. */
    static final EscalationPolicy SEED = new EscalationPolicy("agente-api",
            List.of(step(PRIMARY, "15"), step(SECONDARY, "30"), step(COMMANDER, "15"), step(TEAM_LEAD, "30"), step(DIRECTOR_T, null)),
            0, Optional.of(new EscalationPolicy.NoProgress(Set.of(Severity.CRITICAL), Duration.ofMinutes(30))),
            Optional.of(Duration.ofHours(2)), Optional.of(Duration.ZERO), Set.of(Medium.SLACK, Medium.EMAIL));

    static final EscalationPolicy GAPS = new EscalationPolicy("gaps",
            List.of(step(new Target.Schedule("empty"), "10"), step(new Target.Schedule("silent"), "10"), step(TEAM_LEAD, "10"),
                    step(new Target.Channel("slack-incidents"), null)),
            0, Optional.empty(), Optional.empty(), Optional.empty(), Set.of(Medium.SLACK, Medium.EMAIL));

    static final EscalationPolicy STALE_ACK = new EscalationPolicy("stale",
            List.of(step(PRIMARY, "15"), step(SECONDARY, "30"), step(COMMANDER, null)),
            0, Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(10)), Set.of(Medium.SLACK, Medium.EMAIL));

    static final EscalationPolicy REPEATING = new EscalationPolicy("repeating",
            List.of(step(PRIMARY, "5"), step(SECONDARY, "5")), 1, Optional.empty(), Optional.empty(), Optional.empty(),
            Set.of(Medium.SLACK));

    static Incident incident(Severity severity, IncidentStatus status) {
        return new Incident("INC-20261129-001", "Database down", severity, status, "agente-api", "rule:database_down", Map.of(),
                "", "", "", List.of(), T0, T0, status == IncidentStatus.TRIGGERED ? null : T0.plusSeconds(60),
                status.isOpen() ? null : T0.plusSeconds(120), T0);
    }

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static EscalationState paged(String policy, int step, int minutes) {
        return new EscalationState(policy, step, at(minutes), 0, Optional.empty(), false);
    }

    record Case(String description, EscalationPolicy policy, Incident incident, Instant lastProgress, Optional<EscalationState> state,
                Instant now, List<EscalationAction> actions, int step) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Case> cases() {
        Incident sev1 = incident(Severity.CRITICAL, IncidentStatus.TRIGGERED);
        Incident sev1Acked = incident(Severity.CRITICAL, IncidentStatus.ACKNOWLEDGED);
        Incident sev2Acked = incident(Severity.HIGH, IncidentStatus.ACKNOWLEDGED);
        return Stream.of(
                new Case("a new SEV1 pages the primary at once", SEED, sev1, T0, Optional.empty(), T0,
                        List.of(new Page(0, PRIMARY, ALICE)), 0),
                new Case("within the primary's 15 minutes nothing happens", SEED, sev1, T0, Optional.of(paged("agente-api", 0, 0)), at(14),
                        List.of(), 0),
                new Case("no acknowledgement at 15 minutes pages the secondary", SEED, sev1, T0, Optional.of(paged("agente-api", 0, 0)),
                        at(15), List.of(new Escalated(0, 1, "no acknowledgement within 15m"), new Page(1, SECONDARY, BOB)), 1),
                new Case("an acknowledgement stops the chain", SEED, sev1Acked, at(20), Optional.of(paged("agente-api", 1, 15)), at(49),
                        List.of(), 1),
                new Case("an acknowledged SEV1 without progress for 30 minutes notifies the commander", SEED, sev1Acked, at(20),
                        Optional.of(paged("agente-api", 1, 15)), at(50),
                        List.of(new Escalated(1, 2, "SEV1 with no progress (no status change or note) for 30m"), new Page(2, COMMANDER, CAROL)), 2),
                new Case("the no-progress notice is sent once per quiet stretch", SEED, sev1Acked, at(20),
                        Optional.of(new EscalationState("agente-api", 2, at(50), 0, Optional.of(at(20)), false)), at(110), List.of(), 2),
                new Case("an acknowledged SEV2 has no no-progress rule", SEED, sev2Acked, at(1), Optional.of(paged("agente-api", 0, 0)),
                        at(100), List.of(), 0),
                new Case("open at 2 hours notifies the team lead", SEED, sev1Acked, at(20),
                        Optional.of(new EscalationState("agente-api", 2, at(50), 0, Optional.of(at(20)), false)), at(120),
                        List.of(new Escalated(2, 3, "unresolved after 2h"), new Page(3, TEAM_LEAD, LEAD)), 3),
                new Case("two reasons at once move one level", SEED, sev1Acked, at(1), Optional.of(paged("agente-api", 0, 0)), at(125),
                        List.of(new Escalated(0, 1, "SEV1 with no progress (no status change or note) for 2h4m; unresolved after 2h5m"),
                                new Page(1, SECONDARY, BOB)), 1),
                new Case("the last step without a delay ends the chain", SEED, sev1, T0, Optional.of(
                        new EscalationState("agente-api", 4, at(90), 0, Optional.empty(), true)), at(600), List.of(), 4),
                new Case("a resolved incident pages nobody", SEED, incident(Severity.CRITICAL, IncidentStatus.RESOLVED), T0,
                        Optional.of(paged("agente-api", 0, 0)), at(60), List.of(), 0),
                new Case("acknowledged before the first page: nobody is paged", SEED, sev2Acked, at(1), Optional.empty(), at(2),
                        List.of(), -1),
                new Case("a state of another policy starts the chain over", SEED, sev1, T0, Optional.of(paged("old", 3, 0)), at(1),
                        List.of(new Page(0, PRIMARY, ALICE)), 0),
                new Case("an empty schedule and a person without contact are loud and skipped at once", GAPS, sev1, T0, Optional.empty(), T0,
                        List.of(new Unrouted(0, new Target.Schedule("empty"), "nobody is on call in empty"),
                                new Escalated(0, 1, "step 1 reached nobody"),
                                new Unrouted(1, new Target.Schedule("silent"), "silent has no contact the page channels can use (Slack id or email)"),
                                new Escalated(1, 2, "step 2 reached nobody"),
                                new Page(2, TEAM_LEAD, LEAD)), 2),
                new Case("a channel target posts the page to the channel", GAPS, sev1, T0, Optional.of(paged("gaps", 2, 0)), at(10),
                        List.of(new Escalated(2, 3, "no acknowledgement within 10m"),
                                new ChannelPage(3, new Target.Channel("slack-incidents"))), 3),
                new Case("a stale acknowledgement returns to TRIGGERED and pages the next step", STALE_ACK, sev1Acked, at(20),
                        Optional.of(paged("stale", 1, 15)), at(30),
                        List.of(new AckTimedOut(Duration.ofMinutes(10)),
                                new Escalated(1, 2, "acknowledged but no progress for 10m: back to TRIGGERED"), new Page(2, COMMANDER, CAROL)), 2),
                new Case("a repeating policy starts over after its last step", REPEATING, sev1, T0, Optional.of(paged("repeating", 1, 5)), at(10),
                        List.of(new Escalated(1, 0, "no acknowledgement within 5m"), new Page(0, PRIMARY, ALICE)), 0),
                new Case("a repeating policy stops after its repeats", REPEATING, sev1, T0,
                        Optional.of(new EscalationState("repeating", 1, at(15), 1, Optional.empty(), false)), at(30), List.of(), 1),
                new Case("a person reachable only by email is nobody on a Slack-only policy", REPEATING, sev1, T0,
                        Optional.of(paged("repeating", 0, 0)), at(5),
                        List.of(new Escalated(0, 1, "no acknowledgement within 5m"),
                                new Unrouted(1, SECONDARY, "bob has no contact the page channels can use (Slack id or email)"),
                                new Escalated(1, 0, "step 2 reached nobody"), new Page(0, PRIMARY, ALICE)), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhoToPage(Case c) {
        EscalationDecision decision = Escalations.next(c.policy(), c.incident(), c.lastProgress(), c.state(), LOOKUP, c.now());
        assertThat(decision.actions()).containsExactlyElementsOf(c.actions());
        assertThat(decision.state().step()).isEqualTo(c.step());
        if (!c.actions().isEmpty() && decision.pages() > 0) {
            assertThat(decision.state().pagedAt()).isEqualTo(c.now());
        }
    }

    @Test
    void theSeedChainRunsEndToEndOnOneClock() {
        Incident triggered = incident(Severity.CRITICAL, IncidentStatus.TRIGGERED);
        Optional<EscalationState> state = Optional.empty();
        EscalationDecision first = Escalations.next(SEED, triggered, T0, state, LOOKUP, T0);
        EscalationDecision second = Escalations.next(SEED, triggered, T0, Optional.of(first.state()), LOOKUP, at(15));
        Incident acked = incident(Severity.CRITICAL, IncidentStatus.ACKNOWLEDGED);
        EscalationDecision quiet = Escalations.next(SEED, acked, at(20), Optional.of(second.state()), LOOKUP, at(30));
        EscalationDecision noProgress = Escalations.next(SEED, acked, at(20), Optional.of(quiet.state()), LOOKUP, at(50));
        EscalationDecision unresolved = Escalations.next(SEED, acked, at(20), Optional.of(noProgress.state()), LOOKUP, at(120));
        EscalationDecision after = Escalations.next(SEED, acked, at(20), Optional.of(unresolved.state()), LOOKUP, at(180));
        assertThat(Stream.of(first, second, quiet, noProgress, unresolved, after).map(d -> d.actions().stream()
                .filter(a -> a instanceof Page).map(a -> ((Page) a).contact().name()).toList()))
                .containsExactly(List.of("alice"), List.of("bob"), List.of(), List.of("carol"), List.of("team-lead"), List.of());
    }

    @Test
    void escalatingByHandPagesTheNextStepEvenWhenAcknowledged() {
        Incident acked = incident(Severity.HIGH, IncidentStatus.ACKNOWLEDGED);
        EscalationDecision decision = Escalations.escalate(SEED, acked, Optional.of(paged("agente-api", 1, 15)), LOOKUP, "alice",
                " the DBA is needed ", at(20));
        assertThat(decision.actions()).containsExactly(new Escalated(1, 2, "escalated by alice: the DBA is needed"),
                new Page(2, COMMANDER, CAROL));
        assertThat(decision.state().step()).isEqualTo(2);
    }

    @Test
    void escalatingByHandPastTheLastStepPagesTheLastStepAgain() {
        EscalationDecision decision = Escalations.escalate(SEED, incident(Severity.CRITICAL, IncidentStatus.TRIGGERED),
                Optional.of(paged("agente-api", 4, 60)), LOOKUP, "bob", "", at(70));
        assertThat(decision.actions()).containsExactly(new Escalated(4, 4, "escalated by bob"), new Page(4, DIRECTOR_T, DIRECTOR));
    }

    @Test
    void aResolvedIncidentCannotBeEscalated() {
        assertThatThrownBy(() -> Escalations.escalate(SEED, incident(Severity.CRITICAL, IncidentStatus.RESOLVED), Optional.empty(),
                LOOKUP, "bob", "", T0)).hasMessageContaining("only an open incident can be escalated");
    }

    @Test
    void policiesRefuseStepsThatCannotWork() {
        assertThatThrownBy(() -> new EscalationStep(List.of(), Optional.of(Duration.ofMinutes(1))))
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> new EscalationStep(List.of(PRIMARY), Optional.of(Duration.ZERO)))
                .hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> new EscalationPolicy("p", List.of(step(PRIMARY, null), step(SECONDARY, "5")), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(Medium.ANY))).hasMessageContaining("step 1 of p needs a delay");
    }

    @Test
    void targetsParseFromTheirConfigurationSpelling() {
        assertThat(Target.parse("schedule:primary")).contains(PRIMARY);
        assertThat(Target.parse("person:alice")).contains(new Target.Person("alice"));
        assertThat(Target.parse("channel:slack-incidents")).contains(new Target.Channel("slack-incidents"));
        assertThat(Target.parse("team:x")).isEmpty();
        assertThat(Target.parse("person:")).isEmpty();
        assertThat(Target.parse("alice")).isEmpty();
    }
}
