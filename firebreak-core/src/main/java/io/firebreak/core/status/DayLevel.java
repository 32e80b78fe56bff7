package io.firebreak.core.status;

/**
 * The colour of one day's bar: the worst impact of any incident of the service during that day,
 * including degraded-performance incidents that do not count as downtime. Best to worst.
 */
public enum DayLevel {
    NO_INCIDENTS,
    DEGRADED,
    PARTIAL_OUTAGE,
    MAJOR_OUTAGE;

    static DayLevel of(ServiceState impact) {
        return switch (impact) {
            case OPERATIONAL -> NO_INCIDENTS;
            case DEGRADED_PERFORMANCE -> DEGRADED;
            case PARTIAL_OUTAGE -> PARTIAL_OUTAGE;
            case MAJOR_OUTAGE -> MAJOR_OUTAGE;
        };
    }

    DayLevel worse(DayLevel other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
