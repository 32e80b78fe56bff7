package io.firebreak.server.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.server.store.IncidentFilter;
import io.firebreak.server.testing.ServiceHarness;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/** Incidents for UI tests, opened the way production opens them: an Alertmanager webhook (payload v4). */
final class UiFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UiFixtures() {}

    /** Posts one firing alert named {@code alertname} and returns the incident it opened. */
    static Incident openIncident(ServiceHarness harness, String alertname, Map<String, String> annotations, String generatorUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "4");
        body.put("status", "firing");
        body.put("receiver", "firebreak");
        body.put("groupKey", "{}:{alertname=\"" + alertname + "\"}");
        ObjectNode alert = body.putArray("alerts").addObject();
        alert.put("status", "firing");
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", alertname);
        labels.put("severity", "critical");
        labels.put("service", "checkout");
        ObjectNode notes = alert.putObject("annotations");
        annotations.forEach(notes::put);
        alert.put("startsAt", harness.clock().instant().minusSeconds(120).toString());
        alert.put("generatorURL", generatorUrl);
        ServiceHarness.Reply reply = harness.post("/api/v1/alerts/alertmanager", ServiceHarness.ADMIN, body.toString());
        if (reply.status() != 200) {
            throw new AssertionError("webhook refused: " + reply.status() + " " + reply.body());
        }
        return harness.service().incidents().page(new IncidentFilter(EnumSet.noneOf(IncidentStatus.class), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty(), 500)).stream()
                .filter(incident -> incident.source().equals("alert:" + alertname))
                .findFirst().orElseThrow(() -> new AssertionError("no incident opened for " + alertname));
    }
}
