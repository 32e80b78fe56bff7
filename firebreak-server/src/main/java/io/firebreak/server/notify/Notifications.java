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
        List<Route> routes = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            List<Matcher> matchers = route.matchers().stream()
                    .map(Re2Matchers::parseValid)   // validated by ConfigValidator
                    .toList();
            Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
            route.events().forEach(name -> events.add(NotifyEvent.parse(name).orElseThrow()));
            routes.add(new Route(matchers, route.channels(), events, route.continueMatching()));
        }
        Map<String, Notifier> notifiers = Channels.build(config.channels(), config.services(), console, templates);
        List<InhibitRule> inhibitRules = config.inhibitRules().stream()
                .map(rule -> new InhibitRule(matchers(rule.sourceMatchers()), matchers(rule.targetMatchers()), rule.equal()))
                .toList();
        Map<String, java.util.function.Predicate<io.firebreak.core.incident.Incident>> accepts = new java.util.HashMap<>();
        notifiers.forEach((name, notifier) -> accepts.put(name, notifier::accepts));
        return new Notifications(routes, notifiers, new Outbox(routes, Channels.events(notifiers), accepts), inhibitRules);
    }

    private static List<Matcher> matchers(List<String> texts) {
        return texts.stream().map(Re2Matchers::parseValid).toList();
    }
}
