package io.firebreak.core.notify;

import java.util.Set;

/** A channel: sends one notification and says how it went. Never throws for an expected failure. */
public interface Notifier {
    /** The channel's configured name. */
    String name();

    /** The events this kind of channel sends; others are never queued for it (PagerDuty has no "status changed"). */
    Set<NotifyEvent> events();

    DeliveryResult send(Notification notification);

    /** Whether this channel wants to hear about {@code incident} at all (a status page only shows public services). */
    default boolean accepts(io.firebreak.core.incident.Incident incident) {
        return true;
    }

    /** Whether {@link Notification#externalId()} matters to it (it updates what an earlier message created). */
    default boolean updatesEarlierMessages() {
        return false;
    }

    /**
     * Lets go of what sending holds (an HTTP client and its threads) when the process is done
     * sending: a one-shot command before it exits. Sending again afterwards sets it up anew.
     */
    default void close() {
        // most channels hold nothing
    }
}
