package io.firebreak.server.channel;

import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.channel.console.ConsoleNotifier;
import io.firebreak.server.channel.email.EmailNotifier;
import io.firebreak.server.channel.statuspage.StatuspageNotifier;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.template.ChannelTemplates;
import io.firebreak.server.channel.pagerduty.PagerDutyNotifier;
import io.firebreak.server.channel.slack.SlackNotifier;
import io.firebreak.server.channel.webhook.WebhookNotifier;
import io.firebreak.server.config.ChannelConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place channels are registered: config type → notifier.
 */
public final class Channels {
    private Channels() {}

    /** The notifiers of every configured channel that can send today. */
    public static Map<String, Notifier> build(List<ChannelConfig> configs, List<ServiceConfig> services, PrintWriter console,
                                              ChannelTemplates templates) {
        return build(configs, services, console, templates, HttpSender.TIMEOUT);
    }

    /** @param requestTimeout how long one request to a receiver may take (a one-shot command waits less than the service) */
    public static Map<String, Notifier> build(List<ChannelConfig> configs, List<ServiceConfig> services, PrintWriter console,
                                              ChannelTemplates templates, java.time.Duration requestTimeout) {
        HttpSender http = new HttpSender(requestTimeout, java.time.Clock.systemUTC());
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        for (ChannelConfig config : configs) {
            Optional<Notifier> notifier = switch (config.type()) {
                case "slack" -> Optional.of(new SlackNotifier(config.name(), config.url(), http, templates));
                case "pagerduty" -> Optional.of(new PagerDutyNotifier(config.name(), config.routingKey(),
                        Optional.ofNullable(config.url()).filter(url -> !url.isEmpty()).map(url -> url.value()), http));
                case "webhook" -> Optional.of(new WebhookNotifier(config.name(), config.url(), config.secret(), config.headers(), http));
                case "console" -> Optional.of(new ConsoleNotifier(config.name(), console, templates));
                case "email" -> Optional.of(new EmailNotifier(config.name(), config.from(), config.to(), config.smtp(), templates,
                        requestTimeout));
                case "statuspage" -> Optional.of(new StatuspageNotifier(config.name(), config.pageId(), config.apiKey(),
                        Optional.ofNullable(config.url()).filter(url -> !url.isEmpty()).map(url -> url.value()), services, http));
                default -> Optional.empty();
            };
            notifier.ifPresent(n -> notifiers.put(config.name(), n));
        }
        return notifiers;
    }

    /** For each channel, the events it sends; the outbox queues nothing else for it. */
    public static Map<String, Set<NotifyEvent>> events(Map<String, Notifier> notifiers) {
        Map<String, Set<NotifyEvent>> events = new LinkedHashMap<>();
        notifiers.forEach((name, notifier) -> events.put(name, notifier.events()));
        return events;
    }

    /** The least time between two messages to one channel: Slack allows about one a second per webhook, PagerDuty 120 a minute. */
    public static Duration minInterval(Notifier notifier) {
        return switch (notifier) {
            case SlackNotifier slack -> Duration.ofSeconds(1);
            case PagerDutyNotifier pagerDuty -> Duration.ofMillis(500);
            case StatuspageNotifier statuspage -> Duration.ofSeconds(1);
            default -> Duration.ZERO;
        };
    }
}
