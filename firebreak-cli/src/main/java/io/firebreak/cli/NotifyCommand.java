package io.firebreak.cli;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.template.MessageTemplates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak notify render|test}: the communication templates, and a test message through a channel. */
@Command(name = "notify", mixinStandardHelpOptions = true, description = "Render communication templates; send a test message.",
        subcommands = {NotifyCommand.Render.class, NotifyCommand.Test.class})
final class NotifyCommand {
    @ParentCommand
    RootCommand root;

    /** The templates for a configuration: built-in, overridden by templates/NAME.mustache beside the config file. */
    static MessageTemplates templates(LoadedConfig config) {
        Optional<Path> overrides = config.file().map(file -> config.baseDir().resolve("templates"));
        var result = MessageTemplates.load(overrides);
        if (result instanceof MessageTemplates.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        return ((MessageTemplates.Result.Loaded) result).templates();
    }

    /** The wording of the channels' messages: built-in, overridden by templates/NAME[.EVENT].mustache beside the config file. */
    static io.firebreak.server.template.ChannelTemplates channelTemplates(LoadedConfig config) {
        Optional<Path> overrides = config.file().map(file -> config.baseDir().resolve("templates"));
        var result = io.firebreak.server.template.ChannelTemplates.load(overrides);
        if (result instanceof io.firebreak.server.template.ChannelTemplates.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        return ((io.firebreak.server.template.ChannelTemplates.Result.Loaded) result).templates();
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Print one of the seed's communication templates filled from an incident:",
                "internal-alert, status-investigating, user-email, management-update. [fill in: ...] marks what only a person knows."})
    static final class Render implements Callable<Integer> {
        @ParentCommand
        NotifyCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "internal-alert, status-investigating, user-email or management-update.")
        String template;

        @Parameters(index = "1", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
        String id;

        @Override
        public Integer call() {
            if (!MessageTemplates.NAMES.contains(template)) {
                throw CliFailure.invalid("unknown template '" + template + "' (use " + String.join(", ", MessageTemplates.NAMES) + ")");
            }
            String incidentId = IncidentCommand.requireId(id);
            Environment environment = parent.root.environment();
            try (Session session = Session.open(config, environment, parent.root.out())) {
                MessageTemplates templates = templates(session.config);
                Incident incident = session.incidents.find(incidentId).orElseThrow(() -> CliFailure.invalid("no incident " + incidentId));
                String url = session.config.config().server().externalUrl() + "/incidents/" + incidentId;
                parent.root.out().print(templates.render(template, incident, session.incidents.timeline(incidentId), url,
                        environment.clock().instant()));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test message through a configured channel now (not through the outbox) and report what the receiver said.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        NotifyCommand parent;

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "CHANNEL", description = "A channel name from the configuration.")
        String channel;

        @Override
        public Integer call() {
            Environment environment = parent.root.environment();
            LoadedConfig loaded = config.load(environment);
            Map<String, Notifier> notifiers = Notifications.from(loaded.config(), parent.root.out(), channelTemplates(loaded)).notifiers();
            try {
                return test(environment, loaded, notifiers);
            } finally {
                // An HTTP client's selector thread sits in native code, and the JVM's exit waits for it.
                notifiers.values().forEach(Notifier::close);
            }
        }

        private Integer test(Environment environment, LoadedConfig loaded, Map<String, Notifier> notifiers) {
            Notifier notifier = notifiers.get(channel);
            if (notifier == null) {
                throw CliFailure.invalid("no channel '" + channel + "' (configured: " + String.join(", ", notifiers.keySet()) + ")");
            }
            Instant now = environment.clock().instant();
            String service = loaded.config().services().stream().filter(s -> s.isPublic()).map(s -> s.name()).findFirst().orElse("firebreak");
            Incident incident = new Incident("INC-" + io.firebreak.core.incident.IncidentId.dayKey(now) + "-000",
                    "Firebreak test message: nothing is wrong", Severity.LOW, IncidentStatus.TRIGGERED, service, "firebreak:test",
                    Map.of(), "", "", "", List.of(), now, now, null, null, now);
            var cause = new IncidentEvent(incident.id(), 1, now, environment.defaultActor(), EventType.OPENED, null,
                    IncidentStatus.TRIGGERED, "test of channel " + channel);
            var notification = new Notification("test:" + now.toEpochMilli() + ":" + channel, channel, NotifyEvent.OPENED, incident,
                    cause, loaded.config().server().externalUrl());
            DeliveryResult result = notifier.send(notification);
            return switch (result) {
                case DeliveryResult.Delivered delivered -> {
                    parent.root.out().println(channel + ": delivered");
                    yield ExitCode.OK;
                }
                case DeliveryResult.Failed failed -> {
                    parent.root.err().println("firebreak: " + channel + ": " + failed.reason()
                            + (failed.retryable() ? " (temporary: a real message would be retried)" : " (permanent: check the channel's settings)"));
                    yield ExitCode.INVALID;
                }
            };
        }
    }
}
