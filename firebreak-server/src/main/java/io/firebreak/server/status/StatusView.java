package io.firebreak.server.status;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.status.DayLevel;
import io.firebreak.core.status.PublicStatus;
import io.firebreak.core.status.ServiceState;
import io.firebreak.core.status.Uptime;
import io.firebreak.core.status.UptimeDay;
import io.firebreak.core.status.UptimeHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the public status page shows, and nothing more. Built from incidents by copying only the
 * public facts (public status word, impact, start time, public summary), so that neither the
 * template nor the JSON can reach a title, label, note or name even by mistake: they are simply
 * not in here. Accessors are what the mustache template reads.
 */
public record StatusView(ServiceState worst, Instant generated, List<ServiceView> services) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public StatusView {
        services = List.copyOf(services);
    }

    /** One public service with its incidents (any status, any age; only the open ones are shown) since the window start. */
    public record Input(String name, List<Incident> incidents) {}

    public static StatusView of(List<Input> inputs, Instant now, int days) {
        List<ServiceView> services = new ArrayList<>();
        ServiceState worst = ServiceState.OPERATIONAL;
        for (Input input : inputs) {
            ServiceView view = ServiceView.of(input.name(), input.incidents(), now, days);
            services.add(view);
            worst = worst.worse(view.state());
        }
        return new StatusView(worst, now, services);
    }

    /** "All systems operational", or the worst state of any public service. */
    public String summary() {
        return worst == ServiceState.OPERATIONAL ? "All systems operational" : worst.wording();
    }

    public String summaryClass() {
        return cssName(worst);
    }

    public String generatedText() {
        return MINUTE.format(generated);
    }

    public boolean noServices() {
        return services.isEmpty();
    }

    /** The JSON of {@code /status.json}: the same facts as the page. */
    public Map<String, Object> json() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("status", wireName(worst));
        page.put("description", summary());
        page.put("updated_at", generated.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page);
        out.put("services", services.stream().map(ServiceView::json).toList());
        return out;
    }

    /** One public service. */
    public record ServiceView(String name, ServiceState state, double uptimePercent, List<IncidentView> incidents, List<DayView> days) {
        public ServiceView {
            incidents = List.copyOf(incidents);
            days = List.copyOf(days);
        }

        static ServiceView of(String name, List<Incident> incidents, Instant now, int days) {
            Uptime uptime = UptimeHistory.of(incidents, now, days);
            List<IncidentView> active = incidents.stream()
                    .filter(incident -> incident.status().isOpen())
                    .sorted(Comparator.comparing(Incident::impactStarted).reversed())
                    .map(incident -> IncidentView.of(name, incident))
                    .toList();
            List<DayView> bars = uptime.days().stream().map(DayView::of).toList();
            return new ServiceView(name, ServiceState.current(incidents), uptime.percent(), active, bars);
        }

        public String stateText() {
            return state.wording();
        }

        public String stateClass() {
            return cssName(state);
        }

        public String uptimeText() {
            return percentText(uptimePercent);
        }

        public boolean hasIncidents() {
            return !incidents.isEmpty();
        }

        public String firstDay() {
            return days.isEmpty() ? "" : days.get(0).date().toString();
        }

        /** The first day a phone shows: the page hides all but the last 30 bars on narrow screens. */
        public String firstDayNarrow() {
            return days.isEmpty() ? "" : days.get(Math.max(0, days.size() - 30)).date().toString();
        }

        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("status", wireName(state));
            out.put("description", state.wording());
            out.put("uptime_percent", floor(uptimePercent, 3));
            out.put("incidents", incidents.stream().map(IncidentView::json).toList());
            out.put("days", days.stream().map(DayView::json).toList());
            return out;
        }
    }

    /** One active incident, as the public may see it. */
    public record IncidentView(PublicStatus status, ServiceState impact, Instant started, String summary) {
        static IncidentView of(String service, Incident incident) {
            PublicStatus status = PublicStatus.of(incident.status());
            String summary = incident.publicSummary().isBlank() ? genericSummary(status, service) : incident.publicSummary().strip();
            return new IncidentView(status, ServiceState.of(incident.severity()), incident.impactStarted(), summary);
        }

        /** Says that something is wrong without saying what: the public summary is a person's decision, not ours. */
        static String genericSummary(PublicStatus status, String service) {
            return switch (status) {
                case INVESTIGATING -> "We are investigating an issue affecting " + service + ".";
                case IDENTIFIED -> "We have identified the cause of an issue affecting " + service + " and are working on a fix.";
                case MONITORING -> "A fix for an issue affecting " + service + " is in place and we are monitoring the results.";
                case RESOLVED -> "An issue affecting " + service + " has been resolved.";
            };
        }

        public String statusText() {
            return status.wording();
        }

        public String statusTitle() {
            String word = status.wording();
            return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
        }

        public String impactText() {
            return impact.wording();
        }

        public String impactClass() {
            return cssName(impact);
        }

        public String startedText() {
            return MINUTE.format(started);
        }

        public String startedIso() {
            return started.toString();
        }

        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", status.wording());
            out.put("impact", wireName(impact));
            out.put("started_at", started.toString());
            out.put("summary", summary);
            return out;
        }
    }

    /** One day's bar. */
    public record DayView(LocalDate date, double uptimePercent, DayLevel level) {
        static DayView of(UptimeDay day) {
            return new DayView(day.date(), day.uptimePercent(), day.level());
        }

        /** The hover text: the date, the uptime and, when there was one, the worst impact. */
        public String title() {
            String impact = switch (level) {
                case NO_INCIDENTS -> "no incidents";
                case DEGRADED -> "degraded performance";
                case PARTIAL_OUTAGE -> "partial outage";
                case MAJOR_OUTAGE -> "major outage";
            };
            return date + ": " + percentText(uptimePercent) + " uptime, " + impact;
        }

        public String levelClass() {
            return level.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("date", date.toString());
            out.put("uptime_percent", floor(uptimePercent, 3));
            out.put("level", level.name().toLowerCase(Locale.ROOT));
            return out;
        }
    }

    /**
     * Two decimals, rounded down: a day with any downtime must never read "100.00 %", and one
     * with a few seconds of it reads "99.99 %".
     */
    static String percentText(double percent) {
        return String.format(Locale.ROOT, "%.2f %%", floor(percent, 2));
    }

    private static double floor(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        // The epsilon absorbs binary representation (99.99 * 100 = 9998.999...), far below a millisecond of downtime.
        return Math.floor(value * scale + 1e-9) / scale;
    }

    private static String wireName(ServiceState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String cssName(ServiceState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
