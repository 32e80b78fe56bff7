package io.firebreak.core.notify;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;

/**
 * One message to send: the incident as it is now, the timeline event that caused it, and a key
 * that stays the same across retries (receivers use it to drop duplicates).
 *
 * @param incidentUrl a link to the incident in Firebreak's UI
 */
public record Notification(String key, String channel, NotifyEvent event, Incident incident, IncidentEvent cause, String incidentUrl) {}
