package io.firebreak.cli;

import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.notify.DeliveryWorker;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.SilenceStore;
import io.firebreak.server.store.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loaded configuration, an open store whose changes queue their notifications, and the delivery
 * of what this command queued, for the length of one command.
 */
final class Session implements AutoCloseable {
    /**
     * The most time a one-shot command spends delivering before it exits: it starts no send after
     * this, and makes one attempt per message at most. What is not delivered stays in the outbox.
     */
    static final Duration DELIVERY_BUDGET = Duration.ofSeconds(2);

    /** How long one request of a one-shot command to a receiver may take (the service allows 10 s). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /**
     * A {@code firebreak run} whose heartbeat (every 5 s) is younger than this is alive and delivers
     * within a second what a command queues, so the command leaves delivery to it.
     */
    static final Duration SERVICE_ALIVE = Duration.ofSeconds(20);

    final LoadedConfig config;
    final Database database;
    final IncidentStore incidents;
    final OutboxStore outbox;
    final DeliveryWorker delivery;
    final SilenceStore silences;
    private final Environment environment;
    private final java.util.Collection<io.firebreak.core.notify.Notifier> notifiers;

    private Session(LoadedConfig config, Database database, Environment environment, Notifications notifications) {
        this.notifiers = notifications.notifiers().values();
        this.config = config;
        this.database = database;
        this.environment = environment;
        this.incidents = new IncidentStore(database, notifications.outbox());
        this.outbox = new OutboxStore(database);
        this.silences = new SilenceStore(database);
        this.delivery = new DeliveryWorker(outbox, incidents, notifications.notifiers(), config.config().server().externalUrl(),
                environment.clock(), DeliveryWorker.DEFAULT_MAX_AGE,
                // Spreads retries out; nothing secret depends on it, and a SecureRandom's start cost every command 5 ms.
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble(), now -> silences.list(now, false),
                notifications.inhibitRules());
    }

    /** For a one-shot command: one connection, and migrations only when the store is behind ({@link Database#openForCommand}). */
    static Session open(ConfigOption option, Environment environment, java.io.PrintWriter console) {
        return open(option.load(environment), environment, console, UnaryOperator.identity(), Database::openForCommand);
    }

    /**
     * For a command that only reads: no channel templates to compile and no channels to build. A
     * change made through it would queue no notification, so commands that change use {@link #open}.
     */
    static Session forReading(ConfigOption option, Environment environment) {
        LoadedConfig config = option.load(environment);
        try {
            return new Session(config, Database.openForCommand(config.storage()), environment,
                    new Notifications(List.of(), java.util.Map.of(), io.firebreak.server.store.Outbox.none(), List.of()));
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        }
    }

    /**
     * For {@code detect}, which may run for days: a connection pool, migrated on open.
     *
     * @param extend adds channels that come from the command line rather than the configuration
     */
    static Session open(LoadedConfig config, Environment environment, java.io.PrintWriter console, UnaryOperator<Notifications> extend) {
        return open(config, environment, console, extend, Database::open);
    }

    private static Session open(LoadedConfig config, Environment environment, java.io.PrintWriter console, UnaryOperator<Notifications> extend,
                                java.util.function.Function<io.firebreak.server.config.StorageConfig, Database> store) {
        var templates = NotifyCommand.channelTemplates(config);   // before the store opens: a template error leaves nothing open
        Notifications notifications = extend.apply(Notifications.from(config.config(), console, templates, REQUEST_TIMEOUT));
        try {
            return new Session(config, store.apply(config.storage()), environment, notifications);
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        }
    }

    /**
     * Delivers what this command queued, and anything else due, without waiting on a receiver: when
     * a live {@code firebreak run} shares the store, nothing (the service sends it within a second);
     * otherwise one pass within {@link #DELIVERY_BUDGET}, one attempt per message at most. A message
     * that failed stays pending with its retry time, for the service or the next command that
     * delivers. Returns how many messages are still pending.
     */
    int drain() {
        return serviceDelivers(environment.clock().instant()) ? 0 : deliverNow();
    }

    /** One pass of delivery within {@link #DELIVERY_BUDGET}, running service or not (an explicit retry); returns how many are still pending. */
    int deliverNow() {
        delivery.deliverDue(100, environment.clock().instant().plus(DELIVERY_BUDGET));
        return delivery.waiting(environment.clock().instant().plus(DeliveryWorker.DEFAULT_MAX_AGE));
    }

    /** Whether a {@code firebreak run} registered in this store has sent a heartbeat lately. */
    private boolean serviceDelivers(Instant now) {
        return new io.firebreak.server.store.Leases(database).instances().stream()
                .anyMatch(instance -> instance.command().equals("run")
                        && instance.heartbeat().isAfter(now.minus(SERVICE_ALIVE)) && !instance.heartbeat().isAfter(now.plus(SERVICE_ALIVE)));
    }

    /** Escalation for a manual {@code incident escalate}: the service's policies and people, no engine cycles. */
    io.firebreak.server.engine.EscalationModule escalation() {
        return new io.firebreak.server.engine.EscalationModule(new io.firebreak.server.store.EscalationStore(database, incidents),
                io.firebreak.server.engine.EscalationPolicies.from(config.config()),
                io.firebreak.server.engine.EscalationTargets.fromConfig(config.config(), new io.firebreak.server.oncall.OnCallService(
                        config.config(), new io.firebreak.server.store.OnCallStore(database), incidents)::onCallNames),
                new io.firebreak.server.engine.Leadership(new io.firebreak.server.store.Leases(database),
                        io.firebreak.server.engine.EscalationModule.MODULE, "cli", io.firebreak.server.engine.EscalationModule.INTERVAL),
                io.firebreak.server.engine.EscalationModule.Listener.NONE);
    }

    /**
     * Closes the channels, then the store. Closing a channel stops its HTTP client's threads: the
     * JVM's exit otherwise waits 300 ms for the client's selector thread, which sits in native code.
     */
    @Override
    public void close() {
        notifiers.forEach(io.firebreak.core.notify.Notifier::close);
        database.close();
    }
}
