package io.firebreak.server.template;

import com.github.mustachejava.Mustache;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.config.ConfigError;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The wording of the channels' messages, as Mustache templates per channel and event:
 * {@code slack}, {@code email-subject}, {@code email-text}, {@code email-html}, {@code console}.
 * A file {@code templates/NAME.EVENT.mustache} (e.g. {@code slack.resolved.mustache}) or
 * {@code templates/NAME.mustache} beside the configuration replaces the built-in one. Values are
 * escaped for where they land: Slack's mrkdwn for {@code slack}, HTML for {@code email-html},
 * nothing for plain text. Everything is compiled when loaded, so a syntax error shows at start.
 */
public final class ChannelTemplates {
    public static final List<String> NAMES = List.of("slack", "email-subject", "email-text", "email-html", "console");

    /** Key: name or name.event. */
    private final Map<String, Mustache> templates;

    private ChannelTemplates(Map<String, Mustache> templates) {
        this.templates = Map.copyOf(templates);
    }

    /** The templates, or every syntax error. */
    public sealed interface Result {
        record Loaded(ChannelTemplates templates) implements Result {}

        record Invalid(List<ConfigError> errors) implements Result {}
    }

    /** The built-in wording only. */
    public static ChannelTemplates builtIn() {
        return ((Result.Loaded) load(Optional.empty())).templates();
    }

    public static Result load(Optional<Path> overrides) {
        Map<String, Mustache> compiled = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (String name : NAMES) {
            var compiler = new TemplateCompiler("/templates/channel/", escaper(name));
            compiler.compile(name, name, overrides.map(dir -> dir.resolve(name + ".mustache")), errors)
                    .ifPresent(template -> compiled.put(name, template));
            for (NotifyEvent event : NotifyEvent.values()) {
                String key = name + "." + event.wireName();
                Optional<Path> file = overrides.map(dir -> dir.resolve(key + ".mustache")).filter(Files::isRegularFile);
                if (file.isPresent()) {
                    compiler.compile(key, name, file, errors).ifPresent(template -> compiled.put(key, template));
                }
            }
        }
        return errors.isEmpty() ? new Result.Loaded(new ChannelTemplates(compiled)) : new Result.Invalid(errors);
    }

    private static UnaryOperator<String> escaper(String name) {
        return switch (name) {
            case "slack" -> text -> text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            case "email-html" -> text -> text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#39;");
            default -> UnaryOperator.identity();
        };
    }

    /** Renders {@code name} for the notification's event: the event's own template if there is one, else the channel's. */
    public String render(String name, Notification notification) {
        Mustache template = templates.getOrDefault(name + "." + notification.event().wireName(), templates.get(name));
        if (template == null) {
            throw new IllegalArgumentException("unknown channel template " + name);
        }
        StringWriter out = new StringWriter();
        template.execute(out, context(notification));
        return out.toString();
    }

    static Map<String, Object> context(Notification notification) {
        Incident incident = notification.incident();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("channel", notification.channel());
        context.put("event", notification.event().wireName());
        context.put("headline", Messages.headline(incident));
        context.put("what", Messages.what(notification));
        context.put("next", Messages.next(notification));
        context.put("emoji", notification.event() == NotifyEvent.RESOLVED ? ":white_check_mark:" : switch (incident.severity()) {
            case CRITICAL -> ":red_circle:";
            case HIGH -> ":large_orange_circle:";
            case MEDIUM -> ":large_yellow_circle:";
            case LOW -> ":white_circle:";
        });
        context.put("id", incident.id());
        context.put("title", incident.title());
        context.put("sev", incident.severity().sev());
        context.put("severity", incident.severity().name());
        context.put("status", incident.status().name());
        context.put("service", incident.service());
        context.put("service_or_dash", incident.service().isEmpty() ? "-" : incident.service());
        context.put("runbook", incident.runbook());
        context.put("commander", incident.commander());
        context.put("incident_url", notification.incidentUrl());
        context.put("actor", notification.cause().actor());
        context.put("message", notification.cause().message());
        context.put("labels", incident.sortedLabels().entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
        return context;
    }
}
