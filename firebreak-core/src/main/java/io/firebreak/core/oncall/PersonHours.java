package io.firebreak.core.oncall;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One person's month: on-call weeks (a whole rotation week counts 1 however many hours daylight
 * saving gave it; parts of shifts count in proportion) and their stipend, incident response hours
 * and their pay, comp days, the total, and warnings where the limits were broken.
 */
public record PersonHours(String person, BigDecimal onCallWeeks, BigDecimal stipend, BigDecimal responseHours,
                          Optional<BigDecimal> hourlyRate, BigDecimal responsePay, int compDays, BigDecimal total, List<String> warnings) {
    public PersonHours {
        warnings = List.copyOf(warnings);
    }
}
