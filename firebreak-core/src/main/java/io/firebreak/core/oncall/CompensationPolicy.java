package io.firebreak.core.oncall;

import java.math.BigDecimal;

/**
 * How on-call is paid and limited (the seed's rules by default): a stipend per on-call week,
 * incident response paid at a multiple of the hourly rate, a comp day per SEV1 handled, and the
 * limits that protect people (consecutive weeks, response hours per week).
 */
public record CompensationPolicy(BigDecimal weeklyStipend, String currency, BigDecimal responseMultiplier, boolean compDayPerSev1,
                                 int maxConsecutiveWeeks, int maxResponseHoursPerWeek) {
    public CompensationPolicy {
        if (weeklyStipend == null || currency == null || responseMultiplier == null) {
            throw new IllegalArgumentException("a compensation policy needs a stipend, a currency and a multiplier");
        }
    }

    /** The seed's: $100 a week, 2x the hourly rate, a comp day per SEV1, at most 2 weeks in a row and 10 response hours a week. */
    public static CompensationPolicy seed() {
        return new CompensationPolicy(BigDecimal.valueOf(100), "USD", BigDecimal.valueOf(2), true, 2, 10);
    }
}
