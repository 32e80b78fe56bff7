package io.firebreak.core.status;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import java.util.Collection;

/**
 * How a service looks from outside, in the four words a public status page uses. Derived from
 * the worst open incident only, because the public does not care how many incidents we opened,
 * only how badly they are affected right now. Declared from best to worst, so {@link #worse} can
 * compare by order.
 */
public enum ServiceState {
    OPERATIONAL("Operational"),
    DEGRADED_PERFORMANCE("Degraded performance"),
    PARTIAL_OUTAGE("Partial outage"),
    MAJOR_OUTAGE("Major outage");

    private final String wording;

    ServiceState(String wording) {
        this.wording = wording;
    }

    /** The sentence-case words shown to the public, e.g. {@code Partial outage}. */
    public String wording() {
        return wording;
    }

    /** The impact of one incident of {@code severity}: SEV1 major, SEV2 partial, SEV3 and SEV4 degraded. */
    public static ServiceState of(Severity severity) {
        return switch (severity) {
            case CRITICAL -> MAJOR_OUTAGE;
            case HIGH -> PARTIAL_OUTAGE;
            case MEDIUM, LOW -> DEGRADED_PERFORMANCE;
        };
    }

    /** The current state of a service from its incidents: the impact of the worst open one, else operational. */
    public static ServiceState current(Collection<Incident> incidents) {
        ServiceState state = OPERATIONAL;
        for (Incident incident : incidents) {
            if (incident.status().isOpen()) {
                state = state.worse(of(incident.severity()));
            }
        }
        return state;
    }

    /** The worse of this and {@code other}. */
    public ServiceState worse(ServiceState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
