package io.firebreak.core.notify;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import java.util.Optional;

/**
 * One message to send: the incident as it is now, the timeline event that caused it, and a key
 * that stays the same across retries (receivers use it to drop duplicates).
 *
 * @param incidentUrl a link to the incident in Firebreak's UI
 * @param externalId      what the receiver called this incident last time, if it said (a Statuspage incident id)
 * @param earlierAttempt  an earlier attempt to send this very message began, so it may have reached the
 *                        receiver even if no answer came back: a channel that creates something looks
 *                        for what that attempt created before creating it again
 * @param recipient       for a {@link NotifyEvent#PAGE}, the person paged (a page to a channel has none):
 *                        Slack mentions them, email goes to their address instead of the channel's list
 */
public record Notification(String key, String channel, NotifyEvent event, Incident incident, IncidentEvent cause, String incidentUrl,
                           Optional<String> externalId, boolean earlierAttempt, Optional<Contact> recipient) {
    public Notification(String key, String channel, NotifyEvent event, Incident incident, IncidentEvent cause, String incidentUrl) {
        this(key, channel, event, incident, cause, incidentUrl, Optional.empty(), false, Optional.empty());
    }

    public Notification(String key, String channel, NotifyEvent event, Incident incident, IncidentEvent cause, String incidentUrl,
                        Optional<String> externalId) {
        this(key, channel, event, incident, cause, incidentUrl, externalId, false, Optional.empty());
    }

    public Notification(String key, String channel, NotifyEvent event, Incident incident, IncidentEvent cause, String incidentUrl,
                        Optional<String> externalId, boolean earlierAttempt) {
        this(key, channel, event, incident, cause, incidentUrl, externalId, earlierAttempt, Optional.empty());
    }
}
