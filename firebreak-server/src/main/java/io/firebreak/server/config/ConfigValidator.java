package io.firebreak.server.config;

import io.firebreak.core.routing.Matcher;
import io.firebreak.server.routing.Re2Matchers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Cross-field checks of a bound configuration; returns every problem with its path and line. */
final class ConfigValidator {
    private static final Set<String> ROLES = Set.of("viewer", "responder", "admin");
    private static final Set<String> TLS = Set.of("starttls", "implicit", "none");
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers java.net.http refuses to let a caller set. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final YamlDocument document;
    private final List<ConfigError> errors = new ArrayList<>();
    /** Channels some escalation policy pages through: an email one needs no fixed recipients then. */
    private Set<String> pageChannels = Set.of();

    private ConfigValidator(YamlDocument document) {
        this.document = document;
    }

    static List<ConfigError> validate(AppConfig config, YamlDocument document, Path baseDir) {
        return validate(config, document, baseDir, scheduleNames(config));
    }

    /** The schedule names escalation steps may name. */
    static Optional<Set<String>> scheduleNames(AppConfig config) {
        Set<String> names = new HashSet<>();
        config.schedules().forEach(schedule -> names.add(schedule.name()));
        return Optional.of(names);
    }

    static List<ConfigError> validate(AppConfig config, YamlDocument document, Path baseDir, Optional<Set<String>> schedules) {
        ConfigValidator validator = new ConfigValidator(document);
        Set<String> pageChannels = new HashSet<>();
        config.escalationPolicies().forEach(policy -> pageChannels.addAll(policy.pageChannels()));
        validator.pageChannels = pageChannels;
        validator.storage(config.storage());
        validator.prometheus(config.prometheus(), baseDir);
        validator.detection(config.detection());
        validator.ruleFiles(config.ruleFiles(), baseDir);
        validator.server(config.server());
        validator.api(config.api());
        Set<String> channelNames = validator.channels(config.channels());
        validator.routes(config.routes(), channelNames);
        validator.inhibitRules(config.inhibitRules());
        validator.services(config.services());
        validator.ingestion(config.ingestion());
        validator.errors.addAll(OnCallValidation.errors(config, document));
        validator.errors.addAll(RecoveryValidation.errors(config, document));
        validator.errors.addAll(LearningValidation.errors(config, document));
        Set<String> people = validator.people(config.people());
        Set<String> policies = validator.escalationPolicies(config.escalationPolicies(), config.channels(), people, schedules);
        validator.policyReferences(config, policies);
        return List.copyOf(validator.errors);
    }

    /** Problems that do not stop the configuration from loading; {@code config check} prints them. */
    static List<ConfigError> warnings(AppConfig config, YamlDocument document) {
        return java.util.stream.Stream.concat(OnCallValidation.warnings(config, document).stream(), RecoveryValidation.warnings(config, document).stream()).toList();
    }

    private void ingestion(IngestionConfig ingestion) {
        positive("ingestion.resolve_timeout", ingestion.resolveTimeout());
        if (io.firebreak.core.incident.Severity.parse(ingestion.defaultSeverity()).isEmpty()) {
            error("ingestion.default_severity", "unknown severity '" + ingestion.defaultSeverity() + "' (use "
                    + io.firebreak.core.incident.Severity.accepted() + ")");
        }
        for (int i = 0; i < ingestion.groupBy().size(); i++) {
            String label = ingestion.groupBy().get(i);
            if (label == null || !label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                error("ingestion.group_by[" + i + "]", "not a label name: '" + label + "'");
            }
        }
    }

    private void error(String path, String message) {
        errors.add(document.error(path, message));
    }

    private void storage(StorageConfig storage) {
        String url = storage.url();
        if (!storage.isSqlite() && !storage.isPostgres()) {
            String scheme = url.startsWith("jdbc:") ? url.substring(5).split(":", 2)[0] : url.split(":", 2)[0];
            error("storage.url", "unsupported scheme '" + scheme + "' (use jdbc:sqlite: or jdbc:postgresql:)");
        }
        if (storage.poolSize() < 1 || storage.poolSize() > 100) {
            error("storage.pool_size", "must be between 1 and 100, was " + storage.poolSize());
        }
        storage.retentionPeriod().filter(retention -> retention.compareTo(Duration.ofDays(1)) < 0).ifPresent(retention ->
                error("storage.retention", "must be at least 1d (resolved incidents older than it are deleted), was "
                        + io.firebreak.core.time.Durations.format(retention) + "; leave it out to keep every incident"));
    }

    private void prometheus(PrometheusConfig prometheus, Path baseDir) {
        boolean basic = !prometheus.username().isEmpty() || !prometheus.password().isEmpty();
        boolean bearer = !prometheus.bearerToken().isEmpty() || !prometheus.bearerTokenFile().isEmpty();
        for (int i = 0; i < prometheus.urls().size(); i++) {
            String url = prometheus.urls().get(i);
            httpUrl("prometheus.urls[" + i + "]", url);
            if ((basic || bearer) && hasUserInfo(url)) {
                error("prometheus.urls[" + i + "]", "credentials in the URL and prometheus."
                        + (basic ? "username/password" : "bearer_token") + " both set: use one");
            }
        }
        positive("prometheus.timeout", prometheus.timeout());
        if (!prometheus.password().isEmpty() && prometheus.username().isEmpty()) {
            error("prometheus.password", "a password needs prometheus.username");
        }
        if (!prometheus.bearerToken().isEmpty() && !prometheus.bearerTokenFile().isEmpty()) {
            error("prometheus.bearer_token_file", "at most one of bearer_token and bearer_token_file");
        }
        if (basic && bearer) {
            error(prometheus.bearerToken().isEmpty() ? "prometheus.bearer_token_file" : "prometheus.bearer_token",
                    "basic auth (username, password) and a bearer token exclude each other: use one");
        }
        if (!prometheus.bearerTokenFile().isEmpty() && !Files.isReadable(baseDir.resolve(prometheus.bearerTokenFile()))) {
            error("prometheus.bearer_token_file", "file '" + prometheus.bearerTokenFile()
                    + "' not found or not readable (relative paths are relative to the config file)");
        }
    }

    private static boolean hasUserInfo(String url) {
        try {
            return new URI(url).getRawUserInfo() != null;
        } catch (URISyntaxException e) {
            return false;   // reported as not a valid URL
        }
    }

    private void detection(DetectionConfig detection) {
        positive("detection.interval", detection.interval());
        if (detection.dedupWindow().isNegative()) {
            error("detection.dedup_window", "must not be negative");
        }
        detection.severityMap().forEach((label, severity) -> {
            if (io.firebreak.core.incident.Severity.parse(severity).isEmpty()) {
                error("detection.severity_map." + label, "unknown severity '" + severity + "' (use "
                        + io.firebreak.core.incident.Severity.accepted() + ")");
            }
        });
    }

    private void ruleFiles(List<String> ruleFiles, Path baseDir) {
        for (int i = 0; i < ruleFiles.size(); i++) {
            String name = ruleFiles.get(i);
            if (name == null || name.isBlank()) {
                error("rule_files[" + i + "]", "empty file name");
            } else if (!Files.isRegularFile(baseDir.resolve(name))) {
                error("rule_files[" + i + "]", "rule file '" + name + "' not found (relative paths are relative to the config file)");
            }
        }
    }

    private void server(ServerConfig server) {
        String listen = server.listen();
        int colon = listen.lastIndexOf(':');
        boolean valid = colon > 0;
        if (valid) {
            try {
                int port = Integer.parseInt(listen.substring(colon + 1));
                valid = port >= 0 && port <= 65535;
            } catch (NumberFormatException e) {
                valid = false;
            }
        }
        if (!valid) {
            error("server.listen", "expected HOST:PORT such as 127.0.0.1:8080, was '" + listen + "'");
        }
        httpUrl("server.external_url", server.externalUrl());
    }

    private void api(ApiConfig api) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < api.tokens().size(); i++) {
            ApiConfig.ApiToken token = api.tokens().get(i);
            String path = "api.tokens[" + i + "]";
            if (token.name() == null || token.name().isBlank()) {
                error(path + ".name", "every token needs a name");
            } else if (!names.add(token.name())) {
                error(path + ".name", "duplicate token name '" + token.name() + "'");
            }
            if (token.token() == null || token.token().isEmpty()) {
                error(path + ".token", "empty token");
            } else if (token.token().value().length() < 16) {
                error(path + ".token", "too short: use at least 16 characters (e.g. openssl rand -hex 24)");
            }
            if (!ROLES.contains(token.role())) {
                error(path + ".role", "unknown role '" + token.role() + "' (use viewer, responder or admin)");
            }
        }
    }

    private Set<String> channels(List<ChannelConfig> channels) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            ChannelConfig channel = channels.get(i);
            String path = "channels[" + i + "]";
            if (channel.name().isBlank()) {
                error(path + ".name", "every channel needs a name");
            } else if (!names.add(channel.name())) {
                error(path + ".name", "duplicate channel name '" + channel.name() + "'");
            }
            switch (channel.type()) {
                case "slack" -> required(path + ".url", channel.url(), "a Slack incoming-webhook URL");
                case "pagerduty" -> required(path + ".routing_key", channel.routingKey(), "the Events API v2 routing key");
                case "webhook" -> required(path + ".url", channel.url(), "the URL to POST to");
                case "statuspage" -> {
                    if (channel.pageId() == null || channel.pageId().isBlank()) {
                        error(path + ".page_id", "missing: the Statuspage page id");
                    }
                    required(path + ".api_key", channel.apiKey(), "the Statuspage API key");
                }
                case "email" -> email(path, channel);
                case "console" -> { }
                case "" -> error(path + ".type", "missing (use one of " + String.join(", ", ChannelConfig.TYPES) + ")");
                default -> error(path + ".type", "unknown channel type '" + channel.type() + "'"
                        + DidYouMean.closest(channel.type(), ChannelConfig.TYPES).map(t -> " (did you mean '" + t + "'?)")
                                .orElse(" (use one of " + String.join(", ", ChannelConfig.TYPES) + ")"));
            }
            if (channel.url() != null && !channel.url().isEmpty()) {
                httpUrl(path + ".url", channel.url().value(), true);
            }
            headers(path + ".headers", channel);
        }
        return names;
    }

    /** Header names are checked as java.net.http will; values are secrets (often Authorization), so never echoed. */
    private void headers(String path, ChannelConfig channel) {
        channel.headers().forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                error(path + "." + name, "not a valid HTTP header name");
            } else if (RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                error(path + "." + name, "set by the HTTP client itself; remove it");
            }
            if (value != null && !value.isEmpty() && value.value().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                error(path + "." + name, "the value contains a line break or control character");
            }
        });
    }

    private void email(String path, ChannelConfig channel) {
        if (channel.from() == null || !channel.from().contains("@")) {
            error(path + ".from", "missing or not an address");
        }
        if (channel.to().isEmpty() && !pageChannels.contains(channel.name())) {
            error(path + ".to", "missing: at least one recipient");
        }
        if (channel.smtp() == null) {
            error(path + ".smtp", "missing: host, port and tls of the SMTP server");
            return;
        }
        if (channel.smtp().host() == null || channel.smtp().host().isBlank()) {
            error(path + ".smtp.host", "missing");
        }
        if (!TLS.contains(channel.smtp().tls())) {
            error(path + ".smtp.tls", "unknown mode '" + channel.smtp().tls() + "' (use starttls, implicit or none)");
        }
    }

    private void routes(List<RouteConfig> routes, Set<String> channelNames) {
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String path = "routes[" + i + "]";
            for (int m = 0; m < route.matchers().size(); m++) {
                if (Re2Matchers.parse(route.matchers().get(m)) instanceof Matcher.Parsed.Invalid invalid) {
                    error(path + ".matchers[" + m + "]", invalid.reason());
                }
            }
            if (route.channels().isEmpty()) {
                error(path + ".channels", "a route needs at least one channel");
            }
            for (int c = 0; c < route.channels().size(); c++) {
                String channel = route.channels().get(c);
                if (!channelNames.contains(channel)) {
                    error(path + ".channels[" + c + "]", "unknown channel '" + channel + "'"
                            + DidYouMean.closest(channel, channelNames).map(n -> " (did you mean '" + n + "'?)").orElse(""));
                }
            }
            for (int e = 0; e < route.events().size(); e++) {
                String event = route.events().get(e);
                if (!RouteConfig.EVENTS.contains(event)) {
                    error(path + ".events[" + e + "]", "unknown event '" + event + "' (use " + String.join(", ", RouteConfig.EVENTS) + ")");
                }
            }
        }
    }

    private void inhibitRules(List<InhibitRuleConfig> rules) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRuleConfig rule = rules.get(i);
            String path = "inhibit_rules[" + i + "]";
            if (rule.sourceMatchers().isEmpty() || rule.targetMatchers().isEmpty()) {
                error(path, "needs source_matchers and target_matchers");
            }
            matchers(path + ".source_matchers", rule.sourceMatchers());
            matchers(path + ".target_matchers", rule.targetMatchers());
        }
    }

    private void matchers(String path, List<String> matchers) {
        for (int m = 0; m < matchers.size(); m++) {
            if (Re2Matchers.parse(matchers.get(m)) instanceof Matcher.Parsed.Invalid invalid) {
                error(path + "[" + m + "]", invalid.reason());
            }
        }
    }

    private void services(List<ServiceConfig> services) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceConfig service = services.get(i);
            String path = "services[" + i + "]";
            if (service.name().isBlank()) {
                error(path + ".name", "every service needs a name");
            } else if (!names.add(service.name())) {
                error(path + ".name", "duplicate service '" + service.name() + "'");
            }
            if (service.tier() < 1 || service.tier() > 4) {
                error(path + ".tier", "must be 1 (most critical) to 4, was " + service.tier());
            }
        }
    }

    /** The names of {@code people}; each needs a unique name. (The on-call branch checks the rest of a person.) */
    /** The names escalation steps may page; the people themselves are checked by {@link OnCallValidation}. */
    private Set<String> people(List<PersonConfig> people) {
        Set<String> names = new HashSet<>();
        for (PersonConfig person : people) {
            if (!person.name().isBlank()) {
                names.add(person.name());
            }
        }
        return names;
    }

    private Set<String> escalationPolicies(List<EscalationPolicyConfig> policies, List<ChannelConfig> channels, Set<String> people,
                                           Optional<Set<String>> schedules) {
        java.util.Map<String, String> channelTypes = new java.util.HashMap<>();
        channels.forEach(channel -> channelTypes.put(channel.name(), channel.type()));
        Set<String> names = new HashSet<>();
        int defaults = 0;
        for (int i = 0; i < policies.size(); i++) {
            EscalationPolicyConfig policy = policies.get(i);
            String path = "escalation_policies[" + i + "]";
            if (policy.name().isBlank()) {
                error(path + ".name", "every escalation policy needs a name");
            } else if (!names.add(policy.name())) {
                error(path + ".name", "duplicate escalation policy '" + policy.name() + "'");
            }
            if (policy.isDefault() && ++defaults > 1) {
                error(path + ".default", "only one escalation policy can be the default");
            }
            if (policy.pageChannels().isEmpty()) {
                error(path + ".page_channels", "missing: the channels a page reaches people through (a Slack or email channel)");
            }
            for (int c = 0; c < policy.pageChannels().size(); c++) {
                String channel = policy.pageChannels().get(c);
                String type = channelTypes.get(channel);
                if (type == null) {
                    error(path + ".page_channels[" + c + "]", "unknown channel '" + channel + "'"
                            + DidYouMean.closest(channel, channelTypes.keySet()).map(n -> " (did you mean '" + n + "'?)").orElse(""));
                } else if (type.equals("statuspage")) {
                    error(path + ".page_channels[" + c + "]", "a statuspage channel cannot page a person");
                }
            }
            if (policy.steps().isEmpty()) {
                error(path + ".steps", "missing: at least one step");
            }
            for (int s = 0; s < policy.steps().size(); s++) {
                step(path + ".steps[" + s + "]", policy.steps().get(s), s == policy.steps().size() - 1, policy.repeat() > 0,
                        channelTypes.keySet(), people, schedules);
            }
            if (policy.repeat() < 0) {
                error(path + ".repeat", "must not be negative");
            }
            if (policy.noProgress() != null) {
                positive(path + ".no_progress.after", policy.noProgress().after());
                for (int v = 0; v < policy.noProgress().severities().size(); v++) {
                    String severity = policy.noProgress().severities().get(v);
                    if (io.firebreak.core.incident.Severity.parse(severity).isEmpty()) {
                        error(path + ".no_progress.severities[" + v + "]", "unknown severity '" + severity + "' (use "
                                + io.firebreak.core.incident.Severity.accepted() + ")");
                    }
                }
            }
            if (policy.unresolvedAfter() != null) {
                positive(path + ".unresolved_after", policy.unresolvedAfter());
            }
        }
        return names;
    }

    private void step(String path, EscalationPolicyConfig.StepConfig step, boolean last, boolean repeats, Set<String> channels,
                      Set<String> people, Optional<Set<String>> schedules) {
        if (step.targets().isEmpty()) {
            error(path + ".targets", "an escalation step needs at least one target (schedule:NAME, person:NAME or channel:NAME)");
        }
        for (int t = 0; t < step.targets().size(); t++) {
            String text = step.targets().get(t);
            String targetPath = path + ".targets[" + t + "]";
            switch (io.firebreak.core.escalation.Target.parse(text).orElse(null)) {
                case null -> error(targetPath, "'" + text + "' is not a target: use schedule:NAME, person:NAME or channel:NAME");
                case io.firebreak.core.escalation.Target.Person person when !people.contains(person.name()) ->
                        error(targetPath, "unknown person '" + person.name() + "'"
                                + DidYouMean.closest(person.name(), people).map(n -> " (did you mean '" + n + "'?)").orElse(" (add it under people:)"));
                case io.firebreak.core.escalation.Target.Channel channel when !channels.contains(channel.name()) ->
                        error(targetPath, "unknown channel '" + channel.name() + "'"
                                + DidYouMean.closest(channel.name(), channels).map(n -> " (did you mean '" + n + "'?)").orElse(""));
                case io.firebreak.core.escalation.Target.Schedule schedule
                        when schedules.isPresent() && !schedules.get().contains(schedule.name()) ->
                        error(targetPath, "unknown schedule '" + schedule.name() + "'"
                                + DidYouMean.closest(schedule.name(), schedules.get()).map(n -> " (did you mean '" + n + "'?)").orElse(""));
                default -> { }
            }
        }
        if (step.delay() != null) {
            positive(path + ".delay", step.delay());
        } else if (!last) {
            error(path + ".delay", "missing: how long this step waits for an acknowledgement (only the last step may have none)");
        } else if (repeats) {
            error(path + ".delay", "missing: the last step needs a delay when the policy repeats");
        }
    }

    /** Services and routes may only name policies that exist. */
    private void policyReferences(AppConfig config, Set<String> policies) {
        for (int i = 0; i < config.services().size(); i++) {
            policyReference("services[" + i + "].escalation_policy", config.services().get(i).escalationPolicy(), policies);
        }
        for (int i = 0; i < config.routes().size(); i++) {
            policyReference("routes[" + i + "].escalation_policy", config.routes().get(i).escalationPolicy(), policies);
        }
    }

    private void policyReference(String path, String name, Set<String> policies) {
        if (!name.isEmpty() && !policies.contains(name)) {
            error(path, "unknown escalation policy '" + name + "'"
                    + DidYouMean.closest(name, policies).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        }
    }

    private void required(String path, Secret value, String what) {
        if (value == null || value.isEmpty()) {
            error(path, "missing: " + what);
        }
    }

    private void positive(String path, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            error(path, "must be greater than zero");
        }
    }

    private void httpUrl(String path, String url) {
        httpUrl(path, url, false);
    }

    /** Checks an http(s) URL; a secret one is never echoed back in the message, another with its password masked. */
    private void httpUrl(String path, String url, boolean secret) {
        String shown = secret ? "" : " '" + Redaction.url(url) + "'";
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                error(path, "not an http(s) URL" + shown);
            }
        } catch (URISyntaxException e) {
            error(path, "not a valid URL" + shown);
        }
    }
}
