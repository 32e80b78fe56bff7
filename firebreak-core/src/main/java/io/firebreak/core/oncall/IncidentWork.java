package io.firebreak.core.oncall;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import java.util.List;

/** An incident with its timeline and the time people logged on it: what response hours are computed from. */
public record IncidentWork(Incident incident, List<IncidentEvent> timeline, List<TimeLog> logged) {
    public IncidentWork {
        timeline = List.copyOf(timeline);
        logged = List.copyOf(logged);
    }
}
