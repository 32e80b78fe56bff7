package io.firebreak.core.incident;

import static io.firebreak.core.incident.IncidentStatus.ACKNOWLEDGED;
import static io.firebreak.core.incident.IncidentStatus.CLOSED;
import static io.firebreak.core.incident.IncidentStatus.IDENTIFIED;
import static io.firebreak.core.incident.IncidentStatus.INVESTIGATING;
import static io.firebreak.core.incident.IncidentStatus.MONITORING;
import static io.firebreak.core.incident.IncidentStatus.POSTMORTEM;
import static io.firebreak.core.incident.IncidentStatus.RESOLVED;
import static io.firebreak.core.incident.IncidentStatus.TRIGGERED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The allowed status moves. TRIGGERED → ACKNOWLEDGED → INVESTIGATING | IDENTIFIED | MONITORING →
 * RESOLVED → POSTMORTEM → CLOSED, with re-open from RESOLVED back to TRIGGERED.
 *
 * <p>Two shortcuts are allowed because people and machines take them at 3 a.m.: a TRIGGERED
 * incident may go straight to a working state (it counts as acknowledged then) or to RESOLVED
 * (a condition that cleared before anyone looked), and RESOLVED may be CLOSED without a post-mortem.
 */
public final class IncidentTransitions {
    private static final Map<IncidentStatus, Set<IncidentStatus>> ALLOWED = new EnumMap<>(IncidentStatus.class);

    static {
        Set<IncidentStatus> working = EnumSet.of(INVESTIGATING, IDENTIFIED, MONITORING);
        ALLOWED.put(TRIGGERED, union(EnumSet.of(ACKNOWLEDGED, RESOLVED), working));
        ALLOWED.put(ACKNOWLEDGED, union(EnumSet.of(RESOLVED), working));
        for (IncidentStatus status : working) {
            ALLOWED.put(status, union(EnumSet.of(RESOLVED), working));
        }
        ALLOWED.put(RESOLVED, EnumSet.of(TRIGGERED, POSTMORTEM, CLOSED));
        ALLOWED.put(POSTMORTEM, EnumSet.of(CLOSED));
        ALLOWED.put(CLOSED, EnumSet.noneOf(IncidentStatus.class));
    }

    private IncidentTransitions() {}

    private static Set<IncidentStatus> union(Set<IncidentStatus> a, Set<IncidentStatus> b) {
        EnumSet<IncidentStatus> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }

    /** True if an incident may move from {@code from} to {@code to}. */
    public static boolean allowed(IncidentStatus from, IncidentStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The statuses reachable from {@code from}. */
    public static Set<IncidentStatus> next(IncidentStatus from) {
        Set<IncidentStatus> next = ALLOWED.get(from);
        return next.isEmpty() ? Set.of() : EnumSet.copyOf(next);
    }

    /** Why the move is refused, or empty when it is allowed. */
    public static Optional<String> rejection(IncidentStatus from, IncidentStatus to) {
        if (from == to) {
            return Optional.of("incident is already " + from);
        }
        if (allowed(from, to)) {
            return Optional.empty();
        }
        if (from == CLOSED) {
            return Optional.of("incident is CLOSED; nothing can change its status any more");
        }
        if (from == RESOLVED && to != TRIGGERED) {
            return Optional.of("cannot go from RESOLVED to " + to + "; re-open it first (status TRIGGERED)");
        }
        if (from == POSTMORTEM) {
            return Optional.of("cannot go from POSTMORTEM to " + to + "; only CLOSED follows a post-mortem");
        }
        if (to == TRIGGERED) {
            return Optional.of("only a RESOLVED incident can be re-opened; this one is " + from);
        }
        return Optional.of("cannot go from " + from + " to " + to + "; allowed next: " + next(from));
    }
}
