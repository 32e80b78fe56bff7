package io.firebreak.server.channel.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.config.Secret;
import io.firebreak.server.template.ChannelTemplates;
import io.firebreak.server.template.Messages;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack incoming webhook: a Block Kit message (severity, title, service, status, what happened,
 * runbook and incident links, what to do next) with a plain-text fallback. Slack answers 200 "ok";
 * 429 comes with Retry-After, which the delivery module honours. Everything that came from outside
 * (titles, labels, notes) is escaped for Slack's mrkdwn.
 */
public final class SlackNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Secret url;
    private final HttpSender http;
    private final ChannelTemplates templates;

    public SlackNotifier(String name, Secret url, HttpSender http, ChannelTemplates templates) {
        this.name = name;
        this.url = url;
        this.http = http;
        this.templates = templates;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.allOf(NotifyEvent.class);
    }

    /** Slack mrkdwn treats &, < and > as control characters; escape them in everything from outside. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static Map<String, Object> payload(Notification notification) {
        return payload(notification, ChannelTemplates.builtIn());
    }

    public static Map<String, Object> payload(Notification notification, ChannelTemplates templates) {
        Incident incident = notification.incident();
        List<Object> blocks = new ArrayList<>();
        String mention = mention(notification);
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mention + templates.render("slack", notification))));
        List<Object> fields = new ArrayList<>();
        fields.add(Map.of("type", "mrkdwn", "text", "*Severity*\n" + incident.severity().sev() + " (" + incident.severity() + ")"));
        fields.add(Map.of("type", "mrkdwn", "text", "*Status*\n" + incident.status()));
        fields.add(Map.of("type", "mrkdwn", "text", "*Service*\n" + (incident.service().isEmpty() ? "-" : escape(incident.service()))));
        fields.add(Map.of("type", "mrkdwn", "text", "*Commander*\n" + (incident.commander().isEmpty() ? "-" : escape(incident.commander()))));
        blocks.add(Map.of("type", "section", "fields", fields));
        List<String> links = new ArrayList<>();
        links.add("<" + notification.incidentUrl() + "|" + incident.id() + ">");
        if (!incident.runbook().isEmpty()) {
            links.add("Runbook: " + escape(incident.runbook()));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(
                Map.of("type", "mrkdwn", "text", String.join("  |  ", links)),
                Map.of("type", "mrkdwn", "text", escape(Messages.next(notification))))));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", mention + Messages.headline(incident) + ": " + Messages.what(notification));
        payload.put("blocks", blocks);
        return payload;
    }

    /**
     * For a page to a person with a Slack id, {@code <@U0ALICE> } (which notifies them); else nothing.
     * The id is reduced to the characters Slack ids have, so it can never inject markup.
     */
    static String mention(Notification notification) {
        if (notification.event() != NotifyEvent.PAGE) {
            return "";
        }
        String id = notification.recipient().map(person -> person.slack().replaceAll("[^A-Za-z0-9]", "")).orElse("");
        return id.isEmpty() ? "" : "<@" + id + "> ";
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String body;
        try {
            body = JSON.writeValueAsString(payload(notification, templates));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Slack payload is maps and strings", e);
        }
        return http.post(URI.create(url.value()), Map.of("Content-Type", "application/json"), body).result();
    }

    @Override
    public String toString() {
        return "SlackNotifier[" + name + ", url=" + Secret.MASK + "]";
    }

    @Override
    public void close() {
        http.close();
    }
}
