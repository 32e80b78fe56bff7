package io.firebreak.core.report;

import io.firebreak.core.communication.BusinessImpact;
import io.firebreak.core.communication.UpdateCadence;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.status.UptimeHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The learning figures of one period, the way the seed judges itself: time to detect, acknowledge
 * and resolve as distributions per severity and per service, incidents per month, uptime and error
 * budget per service against its SLO, post-mortem and action-item completion, communication
 * compliance and the false-positive rate, each with the same figures of the previous period of the
 * same length for the change. Every rate is empty when there is nothing to divide by.
 */
public record KpiReport(Instant since, Instant until, Headline current, Headline previous, Map<String, Timings> bySeverity,
                        Map<String, Timings> byService, SortedMap<YearMonth, Integer> perMonth, List<ServiceUptime> uptime) {

    /** Time to detect, acknowledge and resolve of one group of incidents. */
    public record Timings(int count, Distribution toDetect, Distribution toAcknowledge, Distribution toResolve) {
        static Timings of(List<Incident> incidents) {
            // as numbers: no Duration or Optional per incident (a month of a large store is 27,000 incidents per group)
            Distribution.Samples samples = Distribution.samples(incidents);
            return new Timings(incidents.size(), Distribution.ofNanos(samples.detect(), samples.detected()),
                    Distribution.ofNanos(samples.acknowledge(), samples.acknowledged()), Distribution.ofNanos(samples.resolve(), samples.resolved()));
        }
    }

    /** One service's availability in the period against its SLO (in percent). */
    public record ServiceUptime(String service, double slo, double uptimePercent, Duration downtime, Duration budget, double budgetUsedPercent,
                                int incidents) {
        public boolean met() {
            return uptimePercent >= slo;
        }
    }

    /** A count out of a whole; {@code percent} is empty when the whole is zero. */
    public record Ratio(long part, long whole) {
        public Optional<Double> percent() {
            return whole == 0 ? Optional.empty() : Optional.of(100.0 * part / whole);
        }
    }

    /** The figures compared between periods. */
    public record Headline(int incidents, Distribution toDetect, Distribution toAcknowledge, Distribution toResolve, Ratio postMortems,
                           Ratio actionItems, Ratio updatesOnTime, Ratio falsePositives) {}

    /** Everything the report reads, gathered by the caller from the stores. */
    public record Inputs(List<Incident> incidents, Map<String, List<IncidentEvent>> timelines, List<PostMortemDue.Obligation> obligations,
                         List<ActionItem> actions, Set<String> falsePositives, Map<String, Double> serviceSlos, UpdateCadence cadence) {}

    public static KpiReport of(Inputs inputs, Instant since, Instant until) {
        Duration length = Duration.between(since, until);
        Instant previousSince = since.minus(length);
        // the period includes its last instant (an incident detected "now" counts); the previous one ends where this starts
        List<Incident> inPeriod = inputs.incidents().stream().filter(i -> !i.detected().isBefore(since) && !i.detected().isAfter(until)).toList();
        Map<Severity, List<Incident>> ofSeverity = new java.util.EnumMap<>(Severity.class);
        for (Incident incident : inPeriod) {
            ofSeverity.computeIfAbsent(incident.severity(), severity -> new ArrayList<>()).add(incident);
        }
        Map<String, Timings> bySeverity = new LinkedHashMap<>();
        ofSeverity.forEach((severity, group) -> bySeverity.put(severity.sev(), Timings.of(group)));
        Map<String, List<Incident>> inPeriodByService = new TreeMap<>();   // each service's incidents in the period's order, in one pass
        for (Incident incident : inPeriod) {
            inPeriodByService.computeIfAbsent(serviceOf(incident), service -> new ArrayList<>()).add(incident);
        }
        Map<String, Timings> byService = new TreeMap<>();
        inPeriodByService.forEach((service, group) -> byService.put(service, Timings.of(group)));
        SortedMap<YearMonth, Integer> perMonth = new TreeMap<>();
        for (YearMonth month = YearMonth.from(since.atZone(ZoneOffset.UTC)); !month.isAfter(YearMonth.from(until.atZone(ZoneOffset.UTC)));
             month = month.plusMonths(1)) {
            perMonth.put(month, 0);
        }
        long day = Long.MIN_VALUE;   // a month per UTC day, not per incident (the period's incidents come a day at a time)
        YearMonth month = null;
        for (Incident incident : inPeriod) {
            long epochDay = Math.floorDiv(incident.detected().getEpochSecond(), 86_400L);
            if (epochDay != day) {
                day = epochDay;
                month = YearMonth.from(incident.detected().atZone(ZoneOffset.UTC));
            }
            perMonth.merge(month, 1, Integer::sum);
        }
        List<ServiceUptime> uptime = new ArrayList<>();
        inputs.serviceSlos().forEach((service, slo) -> {
            List<Incident> ofService = inputs.incidents().stream().filter(i -> i.service().equals(service)).toList();
            Duration down = UptimeHistory.downtime(ofService, since, until);
            Duration budget = BusinessImpact.budget(length, slo);
            double percent = length.isZero() ? 100.0 : 100.0 * (length.toMillis() - down.toMillis()) / length.toMillis();
            double used = budget.isZero() ? (down.isZero() ? 0 : 100) : 100.0 * down.toMillis() / budget.toMillis();
            uptime.add(new ServiceUptime(service, slo, percent, down, budget, used,
                    (int) inPeriod.stream().filter(i -> i.service().equals(service)).count()));
        });
        return new KpiReport(since, until, headline(inputs, inPeriod, until), headline(inputs, detectedIn(inputs.incidents(), previousSince, since), since),
                bySeverity, byService, perMonth, uptime);
    }

    private static Headline headline(Inputs inputs, List<Incident> incidents, Instant until) {
        Set<String> ids = new java.util.HashSet<>();
        incidents.forEach(incident -> ids.add(incident.id()));
        List<PostMortemDue.Obligation> owed = inputs.obligations().stream()
                .filter(o -> ids.contains(o.incident().id()) && (o.done() || !o.due().isAfter(until))).toList();
        List<ActionItem> actions = inputs.actions().stream().filter(item -> ids.contains(item.incidentId())).toList();
        long updates = 0;
        long onTime = 0;
        for (Incident incident : incidents) {
            List<IncidentEvent> timeline = inputs.timelines().getOrDefault(incident.id(), List.of());
            for (UpdateCadence.Update update : inputs.cadence().history(incident, timeline)) {
                updates++;
                onTime += update.onTime() ? 1 : 0;
            }
            updates += inputs.cadence().missed(incident, timeline, until);   // owed and never posted: not on time either
        }
        long resolved = incidents.stream().filter(i -> i.resolved() != null || !i.status().isOpen()).count();
        long falsePositives = incidents.stream().filter(i -> inputs.falsePositives().contains(i.id())).count();
        Timings all = Timings.of(incidents);
        return new Headline(incidents.size(), all.toDetect(), all.toAcknowledge(), all.toResolve(),
                new Ratio(owed.stream().filter(PostMortemDue.Obligation::done).count(), owed.size()),
                new Ratio(actions.stream().filter(item -> item.status() == ActionItem.Status.DONE).count(), actions.size()),
                new Ratio(onTime, updates), new Ratio(falsePositives, resolved));
    }

    private static List<Incident> detectedIn(List<Incident> incidents, Instant from, Instant to) {
        return incidents.stream().filter(i -> !i.detected().isBefore(from) && i.detected().isBefore(to)).toList();
    }

    /** The service of an incident as reports group it; incidents without one are {@code (none)}. */
    public static String serviceOf(Incident incident) {
        return incident.service().isEmpty() ? "(none)" : incident.service();
    }
}
