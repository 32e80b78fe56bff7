package io.firebreak.server.engine;

import io.firebreak.core.escalation.EscalationPolicy;
import io.firebreak.core.escalation.EscalationStep;
import io.firebreak.core.escalation.Medium;
import io.firebreak.core.escalation.Target;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.routing.Matcher;
import io.firebreak.core.routing.Routing;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.ChannelConfig;
import io.firebreak.server.config.EscalationPolicyConfig;
import io.firebreak.server.config.RouteConfig;
import io.firebreak.server.config.ServiceConfig;
import io.firebreak.server.routing.Re2Matchers;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured escalation policies, as core policies, and which one applies to an incident: its
 * service's {@code escalation_policy}, else that of the first matching route that names one, else
 * the policy marked {@code default}, else none (the incident pages nobody automatically).
 */
public final class EscalationPolicies {
    private final Map<String, EscalationPolicy> policies;
    private final Map<String, List<String>> pageChannels;
    private final Map<String, String> channelTypes;
    private final Map<String, String> byService;
    private final List<Map.Entry<List<Matcher>, String>> byRoute;
    private final Optional<String> fallback;

    private EscalationPolicies(Map<String, EscalationPolicy> policies, Map<String, List<String>> pageChannels,
                               Map<String, String> channelTypes, Map<String, String> byService,
                               List<Map.Entry<List<Matcher>, String>> byRoute, Optional<String> fallback) {
        this.policies = Map.copyOf(policies);
        this.pageChannels = Map.copyOf(pageChannels);
        this.channelTypes = Map.copyOf(channelTypes);
        this.byService = Map.copyOf(byService);
        this.byRoute = List.copyOf(byRoute);
        this.fallback = fallback;
    }

    /** From a validated configuration. */
    public static EscalationPolicies from(AppConfig config) {
        Map<String, String> channelTypes = new HashMap<>();
        for (ChannelConfig channel : config.channels()) {
            channelTypes.put(channel.name(), channel.type());
        }
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        Map<String, List<String>> pageChannels = new HashMap<>();
        Optional<String> fallback = Optional.empty();
        for (EscalationPolicyConfig policy : config.escalationPolicies()) {
            policies.put(policy.name(), policy(policy, channelTypes));
            pageChannels.put(policy.name(), policy.pageChannels());
            if (policy.isDefault()) {
                fallback = Optional.of(policy.name());
            }
        }
        Map<String, String> byService = new HashMap<>();
        for (ServiceConfig service : config.services()) {
            if (!service.escalationPolicy().isEmpty()) {
                byService.put(service.name(), service.escalationPolicy());
            }
        }
        List<Map.Entry<List<Matcher>, String>> byRoute = new java.util.ArrayList<>();
        for (RouteConfig route : config.routes()) {
            if (!route.escalationPolicy().isEmpty()) {
                byRoute.add(Map.entry(route.matchers().stream().map(Re2Matchers::parseValid).toList(), route.escalationPolicy()));
            }
        }
        return new EscalationPolicies(policies, pageChannels, channelTypes, byService, byRoute, fallback);
    }

    static EscalationPolicy policy(EscalationPolicyConfig config, Map<String, String> channelTypes) {
        List<EscalationStep> steps = config.steps().stream()
                .map(step -> new EscalationStep(step.targets().stream().map(text -> Target.parse(text).orElseThrow()).toList(),
                        Optional.ofNullable(step.delay())))
                .toList();
        Optional<EscalationPolicy.NoProgress> noProgress = Optional.ofNullable(config.noProgress()).map(rule ->
                new EscalationPolicy.NoProgress(rule.severities().stream().map(s -> Severity.parse(s).orElseThrow())
                        .collect(java.util.stream.Collectors.toSet()), rule.after()));
        Set<Medium> media = EnumSet.noneOf(Medium.class);
        for (String channel : config.pageChannels()) {
            media.add(medium(channelTypes.getOrDefault(channel, "")));
        }
        return new EscalationPolicy(config.name(), steps, config.repeat(), noProgress, Optional.ofNullable(config.unresolvedAfter()),
                Optional.of(config.ackTimeout()), media);
    }

    /** How a channel of {@code type} reaches a person. */
    static Medium medium(String type) {
        return switch (type) {
            case "slack" -> Medium.SLACK;
            case "email" -> Medium.EMAIL;
            default -> Medium.ANY;
        };
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    /** The policy that pages people for {@code incident}, if any. */
    public Optional<EscalationPolicy> forIncident(Incident incident) {
        String name = byService.get(incident.service());
        if (name == null && !byRoute.isEmpty()) {
            Map<String, String> labels = Routing.labels(incident);
            name = byRoute.stream().filter(route -> route.getKey().stream().allMatch(m -> m.matches(labels)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return Optional.ofNullable(name).or(() -> fallback).map(policies::get);
    }

    /** The channels {@code policy} pages people through. */
    public List<String> pageChannels(String policy) {
        return pageChannels.getOrDefault(policy, List.of());
    }

    /**
     * The page channels of {@code policy} that can reach {@code contact}: Slack with a Slack id, email with an
     * address, any other kind always (it addresses nobody in particular).
     */
    public List<String> pageChannelsFor(String policy, io.firebreak.core.escalation.Contact contact) {
        return reaching(pageChannels(policy), contact);
    }

    /** Those of {@code channels} that can reach {@code contact} (see {@link #pageChannelsFor}). */
    public List<String> reaching(List<String> channels, io.firebreak.core.escalation.Contact contact) {
        return channels.stream().filter(channel -> switch (channelType(channel)) {
            case "slack" -> !contact.slack().isEmpty();
            case "email" -> !contact.email().isEmpty();
            default -> true;
        }).toList();
    }

    /** Every policy's page channels, each once (where a message to a person goes when no policy applies). */
    public List<String> allPageChannels() {
        return pageChannels.values().stream().flatMap(List::stream).distinct().sorted().toList();
    }

    /** The type of a configured channel ({@code slack}, {@code email}, ...), empty if unknown. */
    public String channelType(String channel) {
        return channelTypes.getOrDefault(channel, "");
    }
}
