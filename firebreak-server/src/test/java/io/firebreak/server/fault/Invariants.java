package io.firebreak.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.server.Service;
import io.firebreak.server.store.IncidentQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What must hold after every fault: checked from the store, not from what the test remembers. */
final class Invariants {
    private Invariants() {}

    static void check(Service service) {
        List<Incident> incidents = service.incidents().list(IncidentQuery.all());
        // No alert group has two open incidents.
        Map<String, Integer> openPerGroup = new HashMap<>();
        for (Incident incident : incidents) {
            if (incident.status().isOpen()) {
                String group = incident.source() + "|" + incident.service() + "|" + incident.title();
                openPerGroup.merge(group, 1, Integer::sum);
            }
        }
        assertThat(openPerGroup.values()).as("open incidents per alert group: %s", openPerGroup).allMatch(n -> n == 1);
        for (Incident incident : incidents) {
            List<IncidentEvent> timeline = service.incidents().timeline(incident.id());
            for (int i = 1; i < timeline.size(); i++) {
                assertThat(timeline.get(i).sequence()).isEqualTo(timeline.get(i - 1).sequence() + 1);
                assertThat(timeline.get(i).at()).as("timeline of %s in order", incident.id()).isAfterOrEqualTo(timeline.get(i - 1).at());
            }
            // Every notification of the incident is delivered, or still waiting: none lost, none dead.
            assertThat(service.outbox().list(Optional.of(incident.id()), false, 1000))
                    .allSatisfy(row -> assertThat(row.state()).as(row.id() + ": " + row.lastReason()).isIn("delivered", "pending"));
        }
    }
}
