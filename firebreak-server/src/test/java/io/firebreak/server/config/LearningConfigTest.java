package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The learning keys refuse bad values with file:line: business figures, stakeholders, the status-change cadence. */
class LearningConfigTest {
    @Test
    void badBusinessFiguresAndStakeholdersNameFileLineAndField() {
        assertThat(ConfigLoaderTest.errors("bad-learning.yml")).contains(
                "bad-learning.yml:4: services[0].revenue_per_minute: must be a number of 0 or more (revenue per minute of outage), was -5.0",
                "bad-learning.yml:4: services[0].users: must be 0 or more (the service's users), was -1",
                "bad-learning.yml:4: services[0].slo: must be a percentage above 0 and at most 100, such as 99.9, was 120.0",
                "bad-learning.yml:6: stakeholders[0].channels[1]: unknown channel 'sms' (configured: mail)",
                "bad-learning.yml:6: stakeholders[0].sends: unknown message 'management_report' (use management_update, or leave it out)",
                "bad-learning.yml:7: communication.on_status_change_within: expected a positive duration such as 15m, or off, was '0s'");
    }
}
