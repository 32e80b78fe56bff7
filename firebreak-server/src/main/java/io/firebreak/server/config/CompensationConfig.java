package io.firebreak.server.config;

import io.firebreak.core.oncall.CompensationPolicy;
import java.math.BigDecimal;

/**
 * How on-call is paid and limited (the seed's numbers by default). {@code timezone} sets where a
 * month and a week begin for {@code oncall hours}; {@code primary_schedule} names the schedule whose
 * on-call person earns the comp day for a SEV1 (default: the schedule named {@code primary}, if any).
 */
public record CompensationConfig(BigDecimal weeklyStipend, String currency, BigDecimal responseMultiplier, Boolean compDayPerSev1,
                                 Integer maxConsecutiveWeeks, Integer maxResponseHoursPerWeek, String timezone, String primarySchedule) {
    public CompensationConfig {
        weeklyStipend = weeklyStipend == null ? BigDecimal.valueOf(100) : weeklyStipend;
        currency = currency == null || currency.isBlank() ? "USD" : currency.strip();
        responseMultiplier = responseMultiplier == null ? BigDecimal.valueOf(2) : responseMultiplier;
        compDayPerSev1 = compDayPerSev1 == null || compDayPerSev1;
        maxConsecutiveWeeks = maxConsecutiveWeeks == null ? 2 : maxConsecutiveWeeks;
        maxResponseHoursPerWeek = maxResponseHoursPerWeek == null ? 10 : maxResponseHoursPerWeek;
        timezone = timezone == null || timezone.isBlank() ? "UTC" : timezone.strip();
        primarySchedule = primarySchedule == null ? "" : primarySchedule.strip();
    }

    public static CompensationConfig defaults() {
        return new CompensationConfig(null, null, null, null, null, null, null, null);
    }

    public CompensationPolicy policy() {
        return new CompensationPolicy(weeklyStipend, currency, responseMultiplier, compDayPerSev1, maxConsecutiveWeeks, maxResponseHoursPerWeek);
    }
}
