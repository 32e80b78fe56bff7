package io.firebreak.core.escalation;

import java.util.List;

/** What to do now for one incident, in order, and the state to store afterwards. Nothing to do: no actions. */
public record EscalationDecision(EscalationState state, List<EscalationAction> actions) {
    public EscalationDecision {
        actions = List.copyOf(actions);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** Whether anybody or any channel was paged. */
    public long pages() {
        return actions.stream().filter(a -> a instanceof EscalationAction.Page || a instanceof EscalationAction.ChannelPage).count();
    }
}
