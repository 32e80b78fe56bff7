package io.firebreak.core.incident;

/** What a timeline entry records. */
public enum EventType {
    OPENED,
    ACKNOWLEDGED,
    STATUS_CHANGED,
    RESOLVED,
    REOPENED,
    NOTE,
    COMMANDER_ASSIGNED,
    RESPONDER_ADDED,
    SEVERITY_CHANGED,
    /** A person or channel was paged by an escalation policy (who, step, channel). */
    PAGED,
    /** The escalation moved to another step, with the reason. */
    ESCALATED,
    /** A step's target reached nobody (an empty schedule, a person without a usable contact). */
    NOBODY_PAGED,
    /** The incident has used 50 % or 80 % of its tier's RTO (recovery objectives). */
    RTO_WARNING,
    /** The incident has been open longer than its tier's RTO. */
    RTO_BREACHED,
    /** A step of a recovery checklist started or finished (planned and actual minutes). */
    RECOVERY_STEP,
    /** A public update: the status page's summary changed; stakeholders and the status page are told. */
    PUBLIC_UPDATE,
    /**
     * Recorded by the communication module: a reminder sent (an update is due, a post-mortem is
     * overdue) or a stakeholder milestone met or missed. Not progress on the incident itself.
     */
    COMMUNICATION;

    /** Lower-case, as shown in timelines and JSON: {@code status_changed}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
