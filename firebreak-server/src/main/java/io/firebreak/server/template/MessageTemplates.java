package io.firebreak.server.template;

import com.github.mustachejava.Mustache;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.ConfigError;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The seed's four communication templates (internal alert, status page "investigating", email to
 * affected users, management update), rendered from an incident. Each can be replaced by a file
 * {@code templates/NAME.mustache} next to the configuration. Mustache is logic-less, so a template
 * can never run code; these are plain-text messages, so nothing is HTML-escaped. All templates are
 * compiled when loaded: a syntax error is reported at start, with file and line, not at 3 a.m.
 */
public final class MessageTemplates {
    public static final List<String> NAMES = List.of("internal-alert", "status-investigating", "user-email", "management-update");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Map<String, Mustache> templates;

    private MessageTemplates(Map<String, Mustache> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** The templates, or every syntax error. */
    public sealed interface Result {
        record Loaded(MessageTemplates templates) implements Result {}

        record Invalid(List<ConfigError> errors) implements Result {}
    }

    /** The built-in templates, each replaced by {@code overrides/NAME.mustache} when that file exists. */
    public static Result load(Optional<Path> overrides) {
        var compiler = new TemplateCompiler("/templates/", UnaryOperator.identity());   // plain text: the message is not HTML
        Map<String, Mustache> compiled = new LinkedHashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (String name : NAMES) {
            compiler.compile(name, name, overrides.map(dir -> dir.resolve(name + ".mustache")), errors)
                    .ifPresent(template -> compiled.put(name, template));
        }
        return errors.isEmpty() ? new Result.Loaded(new MessageTemplates(compiled)) : new Result.Invalid(errors);
    }

    public String render(String name, Incident incident, List<IncidentEvent> timeline, String incidentUrl, Instant now) {
        Mustache template = templates.get(name);
        if (template == null) {
            throw new IllegalArgumentException("unknown template " + name);
        }
        StringWriter out = new StringWriter();
        template.execute(out, context(incident, timeline, incidentUrl, now));
        return out.toString();
    }

    static Map<String, Object> context(Incident incident, List<IncidentEvent> timeline, String incidentUrl, Instant now) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("id", incident.id());
        context.put("title", incident.title());
        context.put("sev", incident.severity().sev());
        context.put("severity", incident.severity().name());
        context.put("status", incident.status().name());
        context.put("service", incident.service().isEmpty() ? "our service" : incident.service());
        context.put("runbook", incident.runbook());
        context.put("commander", incident.commander());
        context.put("incident_url", incidentUrl);
        context.put("detected_hhmm", HHMM.format(incident.detected()));
        context.put("detected_date", DATE.format(incident.detected()));
        context.put("impact_hhmm", HHMM.format(incident.impactStarted()));
        context.put("impact_started", TIME.format(incident.impactStarted()) + " UTC");
        context.put("resolved", incident.resolved() == null ? "" : TIME.format(incident.resolved()) + " UTC");
        Instant end = incident.resolved() == null ? now : incident.resolved();
        context.put("duration", Durations.format(Duration.between(incident.impactStarted(), end))
                + (incident.resolved() == null ? " so far" : ""));
        context.put("update_within", incident.severity().level() == 1 ? "30 minutes" : "1 hour");
        context.put("now", TIME.format(now));
        String latest = "";
        String resolution = "";
        List<Map<String, String>> lines = new ArrayList<>();
        for (IncidentEvent event : timeline) {
            String what = event.type().wireName().replace('_', ' ') + (event.to() == null ? "" : " " + event.to())
                    + (event.message().isEmpty() ? "" : ": " + event.message());
            lines.add(Map.of("at", HHMM.format(event.at()), "actor", event.actor(), "what", what));
            if (!event.message().isEmpty()) {
                latest = event.message();
            }
            if (event.type() == io.firebreak.core.incident.EventType.RESOLVED && !event.message().isEmpty()) {
                resolution = event.message();
            }
        }
        context.put("timeline", lines);
        context.put("latest", latest);
        context.put("resolution", resolution);
        return context;
    }
}
