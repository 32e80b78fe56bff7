package io.firebreak.core.escalation;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The escalation decision, as pure functions of (policy, incident, last progress, state, who is on
 * call, now), in the manner of GoAlert's escalation manager.
 *
 * <p>While an incident is TRIGGERED the chain runs: step 1 is paged at once, each later step when
 * the one before waited its delay without an acknowledgement; after the last step the chain starts
 * over {@code repeat} times. An acknowledgement (any status other than TRIGGERED) stops the chain
 * where it is. Three rules still move an open incident one level up, with the reason: no progress
 * for a while (severities of the policy's {@code no_progress}, acknowledged incidents only), open
 * longer than {@code unresolved_after} (any incident), and an acknowledgement that went stale
 * ({@code ack_timeout}, which also returns the incident to TRIGGERED). Several reasons at once move
 * it one level, not several. A step that reaches nobody (an empty schedule, a person without a
 * usable contact) says so and the next step is paged at once.
 */
public final class Escalations {
    private Escalations() {}

    /**
     * What to do now.
     *
     * @param lastProgress the last status change or note of the incident (its opening when none)
     * @param current      the stored state, empty before the first decision; a state of another
     *                     policy (the service's policy changed) starts the chain over
     */
    public static EscalationDecision next(EscalationPolicy policy, Incident incident, Instant lastProgress,
                                          Optional<EscalationState> current, OnCallLookup targets, Instant now) {
        if (!incident.status().isOpen()) {
            return new EscalationDecision(current.orElse(EscalationState.initial(policy.name(), now)), List.of());
        }
        Optional<EscalationState> stored = current.filter(state -> state.policy().equals(policy.name()));
        if (stored.isEmpty()) {
            EscalationState initial = EscalationState.initial(policy.name(), incident.detected());
            if (incident.status() != IncidentStatus.TRIGGERED) {
                return new EscalationDecision(initial, List.of());   // acknowledged before anybody was paged
            }
            List<EscalationAction> actions = new ArrayList<>();
            EscalationState paged = pageFrom(policy, 0, initial.repeats(), initial, targets, now, actions);
            return new EscalationDecision(paged, actions);
        }
        EscalationState state = clamp(stored.get(), policy);
        List<EscalationAction> actions = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean forced = false;
        IncidentStatus status = incident.status();
        Duration quiet = Duration.between(lastProgress, now);
        if (policy.ackTimeout().isPresent() && status == IncidentStatus.ACKNOWLEDGED && quiet.compareTo(policy.ackTimeout().get()) >= 0) {
            actions.add(new EscalationAction.AckTimedOut(quiet));
            reasons.add("acknowledged but no progress for " + Durations.format(quiet) + ": back to TRIGGERED");
            forced = true;
            status = IncidentStatus.TRIGGERED;
        } else if (status == IncidentStatus.TRIGGERED) {
            if (state.step() < 0) {
                reasons.add("triggered again");
            } else {
                Optional<Duration> delay = policy.steps().get(state.step()).delay();
                if (delay.isPresent() && !state.pagedAt().plus(delay.get()).isAfter(now)) {
                    reasons.add("no acknowledgement within " + Durations.format(delay.get()));
                }
            }
        }
        if (incident.status() != IncidentStatus.TRIGGERED && policy.noProgress().isPresent()) {
            EscalationPolicy.NoProgress rule = policy.noProgress().get();
            if (rule.severities().contains(incident.severity()) && quiet.compareTo(rule.after()) >= 0
                    && !state.noProgressNoticeFor().equals(Optional.of(lastProgress))) {
                reasons.add(incident.severity().sev() + " with no progress (no status change or note) for " + Durations.format(quiet));
                state = state.withNoProgressNotice(lastProgress);
                forced = true;
            }
        }
        if (policy.unresolvedAfter().isPresent() && !state.unresolvedNoticeSent()) {
            Duration open = Duration.between(incident.detected(), now);
            if (open.compareTo(policy.unresolvedAfter().get()) >= 0) {
                reasons.add("unresolved after " + Durations.format(open));
                state = state.withUnresolvedNotice();
                forced = true;
            }
        }
        if (reasons.isEmpty()) {
            return new EscalationDecision(state, actions);
        }
        return moveUp(policy, state, String.join("; ", reasons), forced, targets, now, actions);
    }

    /**
     * {@code firebreak incident escalate}: the next step is paged now, whatever the status of the
     * (open) incident; at the end of the chain the last step is paged again.
     */
    public static EscalationDecision escalate(EscalationPolicy policy, Incident incident, Optional<EscalationState> current,
                                              OnCallLookup targets, String actor, String reason, Instant now) {
        if (!incident.status().isOpen()) {
            throw new IllegalArgumentException("only an open incident can be escalated; " + incident.id() + " is " + incident.status());
        }
        EscalationState state = current.filter(s -> s.policy().equals(policy.name())).map(s -> clamp(s, policy))
                .orElse(EscalationState.initial(policy.name(), incident.detected()));
        String why = "escalated by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
        return moveUp(policy, state, why, true, targets, now, new ArrayList<>());
    }

    /** A stored step beyond a policy that has since lost steps is its last step. */
    private static EscalationState clamp(EscalationState state, EscalationPolicy policy) {
        int last = policy.steps().size() - 1;
        return state.step() > last ? state.pagedStep(last, state.pagedAt(), state.repeats()) : state;
    }

    /** One level up, for {@code reason}; {@code forced}: past the end of the chain, the last step again. */
    private static EscalationDecision moveUp(EscalationPolicy policy, EscalationState state, String reason, boolean forced,
                                             OnCallLookup targets, Instant now, List<EscalationAction> actions) {
        int[] repeats = {state.repeats()};
        OptionalInt to = following(policy, state.step(), repeats, forced);
        if (to.isEmpty()) {
            return new EscalationDecision(state, actions);   // the chain has ended and nothing asks for more
        }
        actions.add(new EscalationAction.Escalated(state.step(), to.getAsInt(), reason));
        return new EscalationDecision(pageFrom(policy, to.getAsInt(), repeats[0], state, targets, now, actions), actions);
    }

    /** The step after {@code step}: the next one, the first again while repeats last, the last again when forced. */
    private static OptionalInt following(EscalationPolicy policy, int step, int[] repeats, boolean forced) {
        int last = policy.steps().size() - 1;
        if (step < last) {
            return OptionalInt.of(step + 1);
        }
        if (repeats[0] < policy.repeat()) {
            repeats[0]++;
            return OptionalInt.of(0);
        }
        return forced ? OptionalInt.of(last) : OptionalInt.empty();
    }

    /** Pages {@code step}; while a step reaches nobody, says so and pages the following one at once. */
    private static EscalationState pageFrom(EscalationPolicy policy, int step, int repeats, EscalationState state,
                                            OnCallLookup targets, Instant now, List<EscalationAction> actions) {
        int current = step;
        int[] count = {repeats};
        // Bounded: every step of every round at most once, so a policy that reaches nobody ends.
        int budget = policy.steps().size() * (policy.repeat() + 1);
        while (true) {
            boolean reached = page(policy, current, targets, now, actions);
            if (reached || --budget <= 0) {
                return state.pagedStep(current, now, count[0]);
            }
            OptionalInt next = following(policy, current, count, false);
            if (next.isEmpty()) {
                return state.pagedStep(current, now, count[0]);
            }
            actions.add(new EscalationAction.Escalated(current, next.getAsInt(), "step " + (current + 1) + " reached nobody"));
            current = next.getAsInt();
        }
    }

    /** The actions of paging one step; whether anybody (or a channel) was reached. */
    private static boolean page(EscalationPolicy policy, int step, OnCallLookup targets, Instant now, List<EscalationAction> actions) {
        boolean reached = false;
        Set<String> paged = new HashSet<>();
        for (Target target : policy.steps().get(step).targets()) {
            switch (target) {
                case Target.Channel channel -> {
                    actions.add(new EscalationAction.ChannelPage(step, channel));
                    reached = true;
                }
                case Target.Person person -> {
                    Optional<Contact> contact = targets.person(person.name());
                    if (contact.isEmpty()) {
                        actions.add(new EscalationAction.Unrouted(step, target, "no person named " + person.name()));
                    } else {
                        reached |= pagePerson(policy, step, target, contact.get(), paged, actions);
                    }
                }
                case Target.Schedule schedule -> {
                    List<Contact> onCall = targets.onCall(schedule.name(), now);
                    if (onCall.isEmpty()) {
                        actions.add(new EscalationAction.Unrouted(step, target, "nobody is on call in " + schedule.name()));
                    }
                    for (Contact contact : onCall) {
                        reached |= pagePerson(policy, step, target, contact, paged, actions);
                    }
                }
            }
        }
        return reached;
    }

    private static boolean pagePerson(EscalationPolicy policy, int step, Target target, Contact contact, Set<String> paged,
                                      List<EscalationAction> actions) {
        if (!contact.reachableBy(policy.media())) {
            actions.add(new EscalationAction.Unrouted(step, target, contact.name() + " has no contact the page channels can use"
                    + " (Slack id or email)"));
            return false;
        }
        if (paged.add(contact.name())) {
            actions.add(new EscalationAction.Page(step, target, contact));
        }
        return true;
    }
}
