package io.firebreak.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceStateTest {

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of(List.of(), ServiceState.OPERATIONAL, "Operational"),
                Arguments.of(List.of(open(Severity.LOW)), ServiceState.DEGRADED_PERFORMANCE, "Degraded performance"),
                Arguments.of(List.of(open(Severity.MEDIUM)), ServiceState.DEGRADED_PERFORMANCE, "Degraded performance"),
                Arguments.of(List.of(open(Severity.MEDIUM), open(Severity.HIGH)), ServiceState.PARTIAL_OUTAGE, "Partial outage"),
                Arguments.of(List.of(open(Severity.HIGH), open(Severity.CRITICAL), open(Severity.LOW)), ServiceState.MAJOR_OUTAGE, "Major outage"),
                Arguments.of(List.of(closed(Severity.CRITICAL, IncidentStatus.RESOLVED), open(Severity.LOW)),
                        ServiceState.DEGRADED_PERFORMANCE, "Degraded performance"),
                Arguments.of(List.of(closed(Severity.CRITICAL, IncidentStatus.RESOLVED), closed(Severity.HIGH, IncidentStatus.POSTMORTEM),
                        closed(Severity.HIGH, IncidentStatus.CLOSED)), ServiceState.OPERATIONAL, "Operational"));
    }

    @ParameterizedTest
    @MethodSource("states")
    void theWorstOpenIncidentDecides(List<Incident> incidents, ServiceState expected, String wording) {
        assertThat(ServiceState.current(incidents)).isEqualTo(expected);
        assertThat(ServiceState.current(incidents).wording()).isEqualTo(wording);
    }

    @Test
    void everyInternalStatusHasOnePublicWord() {
        assertThat(Stream.of(IncidentStatus.values()).map(s -> s + "=" + PublicStatus.of(s).wording()).toList()).containsExactly(
                "TRIGGERED=investigating", "ACKNOWLEDGED=investigating", "INVESTIGATING=investigating",
                "IDENTIFIED=identified", "MONITORING=monitoring",
                "RESOLVED=resolved", "POSTMORTEM=resolved", "CLOSED=resolved");
    }

    @Test
    void worseKeepsTheWorst() {
        assertThat(ServiceState.PARTIAL_OUTAGE.worse(ServiceState.DEGRADED_PERFORMANCE)).isEqualTo(ServiceState.PARTIAL_OUTAGE);
        assertThat(ServiceState.OPERATIONAL.worse(ServiceState.MAJOR_OUTAGE)).isEqualTo(ServiceState.MAJOR_OUTAGE);
    }

    private static Incident open(Severity severity) {
        return UptimeHistoryTest.open(severity, "2026-11-29T06:00:00Z");
    }

    private static Incident closed(Severity severity, IncidentStatus status) {
        return UptimeHistoryTest.incident(severity, status, java.time.Instant.parse("2026-11-29T06:00:00Z"),
                java.time.Instant.parse("2026-11-29T07:00:00Z"), java.time.Instant.parse("2026-11-29T07:00:00Z"));
    }
}
