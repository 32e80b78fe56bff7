package io.firebreak.core.status;

import java.time.Duration;
import java.time.LocalDate;

/**
 * One UTC day of a service's uptime history.
 *
 * @param date          the UTC day
 * @param observed      how much of the day has passed (a full day, except today)
 * @param downtime      how much of it was inside a SEV1 or SEV2 incident, overlaps counted once
 * @param uptimePercent 100 × (observed − downtime) / observed; 100 when nothing was observed yet
 * @param level         the worst impact of any incident that day, for the bar's colour
 */
public record UptimeDay(LocalDate date, Duration observed, Duration downtime, double uptimePercent, DayLevel level) {}
