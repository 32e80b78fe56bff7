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
    SEVERITY_CHANGED;

    /** Lower-case, as shown in timelines and JSON: {@code status_changed}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
