package io.firebreak.core.notify;

import io.firebreak.core.incident.EventType;
import java.util.Locale;
import java.util.Optional;

/** The incident events that can notify; routes name them in lower case ({@code opened}, {@code resolved}). */
public enum NotifyEvent {
    OPENED, REOPENED, ACKNOWLEDGED, STATUS_CHANGED, ESCALATED, COMMANDER_ASSIGNED, PUBLIC_UPDATE, RESOLVED,
    /** A page to one person (or a channel) from an escalation policy: never routed, queued straight to the policy's page channels. */
    PAGE,
    /** An incident used 50 % or 80 % of its RTO. */
    RTO_WARNING,
    /** An incident broke its RTO. */
    RTO_BREACHED,
    /** A message to a stakeholder (the management update): never routed, queued straight to the stakeholder's channels. */
    STAKEHOLDER_UPDATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotifyEvent> parse(String wireName) {
        for (NotifyEvent event : values()) {
            if (event.wireName().equals(wireName)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /**
     * The notification a timeline event causes through the routes, if any: notes and added responders
     * notify nobody; pages are queued to their policy's page channels, not routed.
     */
    public static Optional<NotifyEvent> of(EventType type) {
        return switch (type) {
            case OPENED -> Optional.of(OPENED);
            case REOPENED -> Optional.of(REOPENED);
            case ACKNOWLEDGED -> Optional.of(ACKNOWLEDGED);
            case STATUS_CHANGED -> Optional.of(STATUS_CHANGED);
            case RESOLVED -> Optional.of(RESOLVED);
            case COMMANDER_ASSIGNED -> Optional.of(COMMANDER_ASSIGNED);
            case ESCALATED -> Optional.of(ESCALATED);
            case RTO_WARNING -> Optional.of(RTO_WARNING);
            case RTO_BREACHED -> Optional.of(RTO_BREACHED);
            case PUBLIC_UPDATE -> Optional.of(PUBLIC_UPDATE);
            case RECOVERY_STEP, NOTE, COMMUNICATION, RESPONDER_ADDED, SEVERITY_CHANGED, PAGED, NOBODY_PAGED -> Optional.empty();
        };
    }
}
