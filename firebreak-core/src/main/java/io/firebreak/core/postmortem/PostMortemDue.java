package io.firebreak.core.postmortem;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which resolved incidents owe a post-mortem and by when: those of a required severity (SEV1 and
 * SEV2 by default) are due {@code dueAfter} after resolution; one is done when published.
 */
public final class PostMortemDue {
    /** One incident's post-mortem obligation; {@code state} is empty when nobody has started one. */
    public record Obligation(Incident incident, Instant due, Optional<PostMortemState> state) {
        public boolean overdue(Instant now) {
            return now.isAfter(due) && state.map(s -> s != PostMortemState.PUBLISHED).orElse(true);
        }

        public boolean done() {
            return state.map(s -> s == PostMortemState.PUBLISHED).orElse(false);
        }
    }

    private PostMortemDue() {}

    /**
     * @param incidents resolved (or later) incidents
     * @param states    the post-mortem state per incident id, for those that have one
     */
    public static List<Obligation> obligations(List<Incident> incidents, Map<String, PostMortemState> states,
                                               Set<Severity> required, Duration dueAfter) {
        List<Obligation> out = new ArrayList<>();
        for (Incident incident : incidents) {
            Optional<PostMortemState> state = Optional.ofNullable(states.get(incident.id()));
            if (incident.resolved() == null || (!required.contains(incident.severity()) && state.isEmpty())) {
                continue;
            }
            out.add(new Obligation(incident, incident.resolved().plus(dueAfter), state));
        }
        return out;
    }
}
