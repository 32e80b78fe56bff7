package io.firebreak.cli;

import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.notify.DeliveryWorker;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.SilenceStore;
import io.firebreak.server.store.StoreUnavailableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loaded configuration, an open store whose changes queue their notifications, and the delivery
 * of what this command queued, for the length of one command.
 */
final class Session implements AutoCloseable {
    /** How long a one-shot command waits for its notifications to go out before it exits. */
    static final Duration DRAIN = Duration.ofSeconds(15);

    final LoadedConfig config;
    final Database database;
    final IncidentStore incidents;
    final OutboxStore outbox;
    final DeliveryWorker delivery;
    final SilenceStore silences;
    private final Environment environment;

    private Session(LoadedConfig config, Database database, Environment environment, Notifications notifications) {
        this.config = config;
        this.database = database;
        this.environment = environment;
        this.incidents = new IncidentStore(database, notifications.outbox());
        this.outbox = new OutboxStore(database);
        SecureRandom random = new SecureRandom();
        this.silences = new SilenceStore(database);
        this.delivery = new DeliveryWorker(outbox, incidents, notifications.notifiers(), config.config().server().externalUrl(),
                environment.clock(), DeliveryWorker.DEFAULT_MAX_AGE, random::nextDouble, now -> silences.list(now, false),
                notifications.inhibitRules());
    }

    static Session open(ConfigOption option, Environment environment, java.io.PrintWriter console) {
        return open(option.load(environment), environment, console, UnaryOperator.identity());
    }

    /** @param extend adds channels that come from the command line rather than the configuration */
    static Session open(LoadedConfig config, Environment environment, java.io.PrintWriter console, UnaryOperator<Notifications> extend) {
        var templates = NotifyCommand.channelTemplates(config);   // before the store opens: a template error leaves nothing open
        Notifications notifications = extend.apply(Notifications.from(config.config(), console, templates));
        try {
            return new Session(config, Database.open(config.storage()), environment, notifications);
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        }
    }

    /**
     * Delivers what is due, waiting for retries that fall due within {@link #DRAIN}; what is still
     * pending after that stays queued for the next process that delivers (detect, or any command).
     * Returns how many are still pending.
     */
    int drain() {
        Instant deadline = environment.clock().instant().plus(DRAIN);
        boolean realTime = environment.clock().equals(java.time.Clock.systemUTC());
        while (true) {
            Instant now = environment.clock().instant();
            if (delivery.deliverDue(100).sent() > 0) {
                continue;   // progress: there may be more (the next of an incident's messages, another batch)
            }
            // Nothing could be sent now: what is left waits for a retry, a rate limit, or an older
            // message of the same incident and channel that is itself waiting.
            var next = delivery.nextDue();
            if (next.isEmpty()) {
                return 0;
            }
            Instant wakeUp = next.get().isAfter(now) ? next.get() : now.plusMillis(200);
            if (!realTime || wakeUp.isAfter(deadline)) {
                return delivery.waiting(deadline);   // a test's clock does not move by itself: do not wait on it
            }
            try {
                Thread.sleep(Math.max(1, Math.min(Duration.between(now, wakeUp).toMillis(), 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return delivery.waiting(deadline);
            }
        }
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

    @Override
    public void close() {
        database.close();
    }
}
