package io.firebreak.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** people, schedules and compensation: errors with file:line and did-you-mean, warnings that do not stop loading. */
class OnCallConfigTest {
    @Test
    void badOnCallInputIsReportedWithLineAndSuggestion() {
        assertThat(ConfigLoaderTest.errors("bad-oncall.yml")).containsExactly(
                "bad-oncall.yml:2: people[0].timezone: unknown time zone 'Europe/Madird' (did you mean 'Europe/Madrid'?)",
                "bad-oncall.yml:3: people[1].email: not an email address: 'bob-at-example.com'",
                "bad-oncall.yml:6: schedules[0].timezone: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Madrid)",
                "bad-oncall.yml:8: schedules[0].participants[1]: unknown person 'bbo' (did you mean 'bob'?)",
                "bad-oncall.yml:8: schedules[0].participants[2]: unknown person 'zed'",
                "bad-oncall.yml:11: schedules[1].rotation.every: expected 1h, 1d, 1w, Nd or Nw, was '1m'",
                "bad-oncall.yml:15: schedules[2].rotation.handoff: a weekday only makes sense with a weekly rotation (every: 1w); use \"09:00\"",
                "bad-oncall.yml:17: compensation.max_consecutive_weeks: must be at least 1",
                "bad-oncall.yml:17: compensation.currency: expected an ISO 4217 code such as USD or EUR, was 'dollars'",
                "bad-oncall.yml:17: compensation.primary_schedule: unknown schedule 'primry' (did you mean 'primary'?)");
    }

    @Test
    void rotationsThatWearPeopleOutAndEmptySchedulesAreWarningsNotErrors() {
        var result = ConfigLoaderTest.loader(ConfigLoaderTest.ENV).load(Optional.of(Path.of("oncall-warnings.yml")));
        assertThat(result).isInstanceOf(ConfigLoader.Result.Loaded.class);
        assertThat(((ConfigLoader.Result.Loaded) result).warnings()).map(ConfigError::toString).containsExactly(
                "oncall-warnings.yml:9: schedules[0].participants: bob is on call for 21d in a row in 'primary' (limit 2 consecutive weeks)",
                "oncall-warnings.yml:13: schedules[1].participants: carol is on call in 'lonely' without a break (limit 2 consecutive weeks)",
                "oncall-warnings.yml:14: schedules[2].participants: nobody is ever on call in schedule 'empty'");
        var config = ((ConfigLoader.Result.Loaded) result).config().config();
        assertThat(config.compensation().weeklyStipend()).isEqualByComparingTo("100");
        assertThat(config.schedule("primary").orElseThrow().schedule().rotation().handoffDay()).isEqualTo(java.time.DayOfWeek.MONDAY);
    }
}
