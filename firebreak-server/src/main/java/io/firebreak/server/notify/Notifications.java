package io.firebreak.server.notify;

import io.firebreak.core.mute.InhibitRule;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Route;
import io.firebreak.server.channel.Channels;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.RouteConfig;
import io.firebreak.server.routing.Re2Matchers;
import io.firebreak.server.store.Outbox;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the routes, the notifiers and the outbox from a validated configuration. */
public record Notifications(List<Route> routes, Map<String, Notifier> notifiers, Outbox outbox, List<InhibitRule> inhibitRules) {

    /** With the built-in wording of the channels' messages. */
    public static Notifications from(AppConfig config, PrintWriter console) {
        return from(config, console, io.firebreak.server.template.ChannelTemplates.builtIn());
    }

    public static Notifications from(AppConfig config, PrintWriter console, io.firebreak.server.template.ChannelTemplates templates) {
        return from(config, console, templates, io.firebreak.server.channel.HttpSender.TIMEOUT);
    }

    /** @param requestTimeout how long one request to a receiver may take */
    public static Notifications from(AppConfig config, PrintWriter console, io.firebreak.server.template.ChannelTemplates templates,
                                     java.time.Duration requestTimeout) {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            List<Matcher> matchers = route.matchers().stream()
                    .map(Re2Matchers::parseValid)   // validated by ConfigValidator
                    .toList();
            Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
            route.events().forEach(name -> events.add(NotifyEvent.parse(name).orElseThrow()));
            routes.add(new Route(matchers, route.channels(), events, route.continueMatching()));
        }
        Map<String, Notifier> notifiers = Channels.build(config.channels(), config.services(), console, templates, requestTimeout);
        List<InhibitRule> inhibitRules = config.inhibitRules().stream()
                .map(rule -> new InhibitRule(matchers(rule.sourceMatchers()), matchers(rule.targetMatchers()), rule.equal()))
                .toList();
        return new Notifications(routes, notifiers, outbox(routes, notifiers), inhibitRules);
    }

    /**
     * These notifications plus one channel that is not in the configuration (the channel of
     * {@code detect --webhook-url}): it hears {@code events} of every incident, ahead of the
     * configured routes, which still apply as before.
     */
    public Notifications withChannel(Notifier notifier, Set<NotifyEvent> events) {
        if (notifiers.containsKey(notifier.name())) {
            throw new IllegalArgumentException("a channel named '" + notifier.name() + "' is already configured");
        }
        List<Route> extended = new ArrayList<>();
        extended.add(new Route(List.of(), List.of(notifier.name()), events, true));
        extended.addAll(routes);
        Map<String, Notifier> all = new java.util.LinkedHashMap<>(notifiers);
        all.put(notifier.name(), notifier);
        return new Notifications(extended, all, outbox(extended, all), inhibitRules);
    }

    private static Outbox outbox(List<Route> routes, Map<String, Notifier> notifiers) {
        Map<String, java.util.function.Predicate<io.firebreak.core.incident.Incident>> accepts = new java.util.HashMap<>();
        notifiers.forEach((name, notifier) -> accepts.put(name, notifier::accepts));
        return new Outbox(routes, Channels.events(notifiers), accepts);
    }

    private static List<Matcher> matchers(List<String> texts) {
        return texts.stream().map(Re2Matchers::parseValid).toList();
    }
}
