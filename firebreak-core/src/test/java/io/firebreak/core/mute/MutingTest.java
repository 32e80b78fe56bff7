package io.firebreak.core.mute;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.routing.JdkRegex;
import io.firebreak.core.routing.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutingTest {
    static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

    static Matcher m(String text) {
        return JdkRegex.matcher(text);
    }

    static Incident incident(String id, String alertname, String service, IncidentStatus status) {
        return new Incident(id, alertname, Severity.HIGH, status, service, "rule:" + alertname, Map.of("alertname", alertname),
                null, null, null, null, NOW, NOW, null, null, NOW);
    }

    static final Silence MAINTENANCE = new Silence("SIL-1", List.of(m("service=agente-api")), NOW.minusSeconds(60),
            NOW.plus(Duration.ofHours(2)), "alice", "planned maintenance");

    @Test
    void aMatchingActiveSilenceMutes() {
        var target = incident("INC-1", "high_api_latency", "agente-api", IncidentStatus.TRIGGERED);
        assertThat(Muting.check(target, List.of(MAINTENANCE), List.of(), List.of(), NOW))
                .hasValueSatisfying(muted -> assertThat(muted.reason()).startsWith("silenced by SIL-1 until 2026-11-28T04:00:00Z"));
        assertThat(Muting.check(target, List.of(MAINTENANCE), List.of(), List.of(), NOW.plus(Duration.ofHours(3)))).isEmpty();
        assertThat(Muting.check(incident("INC-2", "x", "other", IncidentStatus.TRIGGERED), List.of(MAINTENANCE), List.of(), List.of(), NOW)).isEmpty();
    }

    @Test
    void databaseDownInhibitsLatencyOfTheSameServiceOnly() {
        var rule = new InhibitRule(List.of(m("alertname=\"database_down\"")), List.of(m("alertname=\"high_api_latency\"")), List.of("service"));
        var db = incident("INC-1", "database_down", "agente-api", IncidentStatus.INVESTIGATING);
        var latency = incident("INC-2", "high_api_latency", "agente-api", IncidentStatus.TRIGGERED);
        var otherLatency = incident("INC-3", "high_api_latency", "billing", IncidentStatus.TRIGGERED);
        assertThat(Muting.check(latency, List.of(), List.of(rule), List.of(db, latency), NOW))
                .hasValueSatisfying(muted -> assertThat(muted.reason()).isEqualTo("inhibited while INC-1 is open"));
        assertThat(Muting.check(otherLatency, List.of(), List.of(rule), List.of(db, otherLatency), NOW)).isEmpty();
        assertThat(Muting.check(db, List.of(), List.of(rule), List.of(db, latency), NOW)).isEmpty();
        var resolvedDb = incident("INC-1", "database_down", "agente-api", IncidentStatus.RESOLVED);
        assertThat(Muting.check(latency, List.of(), List.of(rule), List.of(resolvedDb), NOW)).isEmpty();
    }
}
