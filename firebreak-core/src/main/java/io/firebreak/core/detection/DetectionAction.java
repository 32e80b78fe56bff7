package io.firebreak.core.detection;

import io.firebreak.core.incident.NewIncident;

/** What an alert event does to incidents; the store carries it out in one transaction. */
public sealed interface DetectionAction {

    /** Declare a new incident for this group. */
    record Open(GroupKey key, NewIncident incident, String message) implements DetectionAction {}

    /** Another alert joins the open incident: one timeline line. */
    record Join(String incidentId, String message) implements DetectionAction {}

    /** The group fired again soon after its incident resolved: re-open it instead of a new one. */
    record Reopen(String incidentId, String message) implements DetectionAction {}

    /** The last alert of the incident resolved: resolve the incident. */
    record Resolve(String incidentId, String message) implements DetectionAction {}

    /** Something worth a timeline line, nothing more (one of several alerts resolved). */
    record Note(String incidentId, String message) implements DetectionAction {}

    /** Nothing to do (the incident was already closed by people). */
    record Nothing(String why) implements DetectionAction {}
}
