package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code storage.retention}: a duration, at least a day, absent by default (keep every incident). */
class RetentionConfigTest {
    @Test
    void keepsEverythingUnlessSet() {
        assertThat(ConfigLoaderTest.loaded("full.yml").config().storage().retentionPeriod()).isEmpty();
        assertThat(ConfigLoaderTest.loaded("retention.yml").config().storage().retentionPeriod()).contains(Duration.ofDays(400));
    }

    @Test
    void notADurationIsRefusedWithItsLine() {
        assertThat(ConfigLoaderTest.errors("bad-retention.yml")).containsExactly(
                "bad-retention.yml:3: storage.retention: invalid duration 'forever' (use a number and a unit: 500ms, 30s, 5m, 1h, 7d)");
    }

    @Test
    void lessThanADayIsRefusedWithItsLine() {
        assertThat(ConfigLoaderTest.errors("short-retention.yml")).containsExactly(
                "short-retention.yml:3: storage.retention: must be at least 1d (resolved incidents older than it are deleted), was 12h;"
                        + " leave it out to keep every incident");
    }
}
