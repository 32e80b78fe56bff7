package io.firebreak.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void agreesWithTheJdkOnRandomTimesInEveryShapeAlertmanagerAndPrometheusWrite() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            ZoneOffset offset = switch (random.nextInt(3)) {
                case 0 -> ZoneOffset.UTC;
                case 1 -> ZoneOffset.ofHoursMinutes(random.nextInt(-18, 19), 0);
                default -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            };
            OffsetDateTime time = instant.atOffset(offset);
            String date = String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
                    time.getHour(), time.getMinute(), time.getSecond());
            int digits = random.nextInt(10);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", time.getNano()).substring(0, digits);
            String text = date + fraction + (offset.equals(ZoneOffset.UTC) && random.nextBoolean() ? "Z" : offset.getId().replace("Z", "+00:00"));
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void goZeroTimeAndTheCommonShapes() {
        assertThat(Rfc3339.parse("0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(Rfc3339.parse("2026-11-29T10:00:00.123456789+01:00")).isEqualTo(Instant.parse("2026-11-29T09:00:00.123456789Z"));
        assertThat(Rfc3339.parse("2026-11-29T10:00:00-05:30")).isEqualTo(Instant.parse("2026-11-29T15:30:00Z"));
        // shapes the fast path leaves to the JDK, which accepts them
        assertThat(Rfc3339.parse("2026-11-29t10:00:00z")).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(Rfc3339.parse("2026-11-29T10:00Z")).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    }

    @Test
    void refusesExactlyWhatTheJdkRefuses() {
        for (String text : new String[] {"", "2026-11-29", "2026-02-30T10:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T10:60:00Z",
                "2026-11-29T10:00:00", "2026-11-29T10:00:00.Z", "2026-11-29T10:00:00.1234567891Z", "2026-11-29T10:00:00+19:00",
                "2026-11-29T10:00:00+01", "2026-11-29 10:00:00Z", "２026-11-29T10:00:00Z", "2026-11-29T10:00:00ZZ", "abcd-ef-ghTij:kl:mnZ"}) {
            Instant jdk;
            try {
                jdk = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(jdk);
        }
    }
}
