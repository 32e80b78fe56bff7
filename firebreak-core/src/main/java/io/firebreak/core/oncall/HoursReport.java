package io.firebreak.core.oncall;

import java.time.Instant;
import java.util.List;

/** On-call hours and compensation of everyone for a period {@code [from, to)}, usually a month. */
public record HoursReport(Instant from, Instant to, String currency, List<PersonHours> people) {
    public HoursReport {
        people = List.copyOf(people);
    }
}
