package io.firebreak.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IncidentIdTest {

    @Test
    void formatsUtcDayAndThreeDigitSequence() {
        assertThat(IncidentId.of(Instant.parse("2026-11-28T23:59:59Z"), 1)).hasToString("INC-20261128-001");
        assertThat(IncidentId.of(Instant.parse("2026-11-28T23:59:59Z"), 1234)).hasToString("INC-20261128-1234");
    }

    @Test
    void dayIsUtcNotLocal() {
        assertThat(IncidentId.dayKey(Instant.parse("2026-11-29T00:00:00Z"))).isEqualTo("20261129");
    }

    @Test
    void parsesWhatItPrintsAndRejectsTheRest() {
        assertThat(IncidentId.parse("inc-20261128-042")).contains(new IncidentId(LocalDate.of(2026, 11, 28), 42));
        assertThat(IncidentId.parse("INC-2026-11-28-1")).isEmpty();
        assertThat(IncidentId.parse("INC-20261399-001")).isEmpty();
        assertThat(IncidentId.parse("INC-20261128-000")).isEmpty();
        assertThat(IncidentId.parse(null)).isEmpty();
    }

    @Test
    void severityAcceptsNamesAndSevNumbers() {
        assertThat(Severity.parse("critical")).contains(Severity.CRITICAL);
        assertThat(Severity.parse("SEV2")).contains(Severity.HIGH);
        assertThat(Severity.parse("sev4")).contains(Severity.LOW);
        assertThat(Severity.parse("urgent")).isEmpty();
        assertThat(Severity.MEDIUM.sev()).isEqualTo("SEV3");
    }
}
