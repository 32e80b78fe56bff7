package io.firebreak.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesPrometheusDurations() {
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30d")).contains(Duration.ofDays(30));
        assertThat(Durations.parse("2w")).contains(Duration.ofDays(14));
        assertThat(Durations.parse("0")).contains(Duration.ZERO);
        assertThat(Durations.parse(" 5m ")).contains(Duration.ofMinutes(5));
    }

    @Test
    void rejectsWhatPrometheusRejects() {
        assertThat(Durations.parse("5")).isEmpty();
        assertThat(Durations.parse("5 m")).isEmpty();
        assertThat(Durations.parse("-5m")).isEmpty();
        assertThat(Durations.parse("PT5M")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void formatsShortForms() {
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(Durations.format(Duration.ofMinutes(65))).isEqualTo("1h5m");
        assertThat(Durations.format(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
