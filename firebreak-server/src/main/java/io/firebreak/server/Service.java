package io.firebreak.server;

import io.firebreak.core.alert.AlertCorrelation;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.http.Auth;
import io.firebreak.server.http.HttpServer;
import io.firebreak.server.ingest.AlertPayloads;
import io.firebreak.server.ingest.IngestWriter;
import io.firebreak.server.metrics.Meters;
import io.firebreak.server.notify.DeliveryWorker;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.rules.RuleFileLoader;
import io.firebreak.server.status.StatusRoutes;
import io.firebreak.server.store.AlertStore;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.SessionStore;
import io.firebreak.server.store.SilenceStore;
import io.firebreak.server.template.ChannelTemplates;
import io.firebreak.server.ui.UiRoutes;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code firebreak run}: the engine (rule evaluation, alert expiry), delivery and the HTTP server
 * in one process, over one store and one clock. {@link #start} starts all three; {@link #close}
 * stops taking requests, finishes the running cycle, gives in-flight deliveries a bounded time,
 * and closes the store.
 */
public final class Service implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Service.class);
    /** How long shutdown waits for the running cycle and in-flight deliveries. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final LoadedConfig config;
    private final Database database;
    private final Clock clock;
    private final IncidentStore incidents;
    private final AlertStore alerts;
    private final OutboxStore outbox;
    private final SilenceStore silences;
    private final DetectionStore detection;
    private final SessionStore sessions;
    private final io.firebreak.server.oncall.OnCallService onCall;
    private final DeliveryWorker delivery;
    /** The channels delivery sends through: closed last, so that their HTTP clients' threads end with the service. */
    private final java.util.Collection<io.firebreak.core.notify.Notifier> notifiers;
    private final Optional<DetectionEngine> engine;
    private final io.firebreak.server.engine.Instance instance;
    private final io.firebreak.server.store.Leases leases;
    private final io.firebreak.server.engine.Leadership expiryLeadership;
    private final io.firebreak.server.engine.EscalationModule escalation;
    private final io.firebreak.server.recovery.BackupFreshnessModule backups;
    private final io.firebreak.server.recovery.RtoModule rto;
    private final io.firebreak.server.recovery.BackupVerifyModule backupVerify;
    private final io.firebreak.server.recovery.DrillReminderModule drillReminders;
    private final io.firebreak.server.engine.CommunicationModule communication;
    private final io.firebreak.server.engine.RetentionModule retention;
    private Instant lastHeartbeat = Instant.MIN;
    private final List<Rule> rules;
    private final IngestWriter ingest;
    private final AlertPayloads payloads;
    private final Auth auth;
    private final Meters meters;
    private final Consumer<IncidentChange> onChange;
    private final Semaphore deliveryWake = new Semaphore(0);
    private final Semaphore engineWake = new Semaphore(0);
    private volatile boolean running;
    private volatile Duration tick = Duration.ofSeconds(1);
    private Thread engineThread;
    private Thread deliveryThread;
    private Javalin http;

    /**
     * @param rules    the rules to evaluate (none: the service only ingests)
     * @param source   where rule queries go (Prometheus), or empty with no rules
     * @param onChange told of every incident opened, re-opened or resolved by detection or ingestion (console output)
     */
    public Service(LoadedConfig config, Database database, Clock clock, ChannelTemplates templates, PrintWriter console,
                   List<Rule> rules, Optional<MetricSource> source, Consumer<IncidentChange> onChange) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.rules = List.copyOf(rules);
        this.onChange = onChange;
        this.meters = new Meters();
        Notifications notifications = Notifications.from(config.config(), console, templates);
        this.incidents = new IncidentStore(database, notifications.outbox());
        this.outbox = new OutboxStore(database);
        this.silences = new SilenceStore(database);
        this.sessions = new SessionStore(database);
        this.onCall = new io.firebreak.server.oncall.OnCallService(config.config(), new io.firebreak.server.store.OnCallStore(database),
                incidents);
        this.detection = new DetectionStore(database, incidents);
        var severities = config.config().detection().severities(RuleFileLoader.DEFAULT_SEVERITY_MAP);
        var mapping = new AlertCorrelation.Mapping(severities,
                Severity.parse(config.config().ingestion().defaultSeverity()).orElse(Severity.MEDIUM));
        this.alerts = new AlertStore(database, incidents, mapping, config.config().detection().dedupWindow());
        this.payloads = new AlertPayloads(config.config().ingestion(), severities);
        SecureRandom random = new SecureRandom();
        this.notifiers = List.copyOf(notifications.notifiers().values());
        this.delivery = new DeliveryWorker(outbox, incidents, notifications.notifiers(), config.config().server().externalUrl(),
                clock, DeliveryWorker.DEFAULT_MAX_AGE, random::nextDouble, now -> silences.list(now, false), notifications.inhibitRules(),
                meters);
        this.instance = io.firebreak.server.engine.Instance.current("run", clock.instant());
        this.leases = new io.firebreak.server.store.Leases(database);
        Duration interval = config.config().detection().interval();
        this.engine = rules.isEmpty() || source.isEmpty() ? Optional.empty()
                : Optional.of(new DetectionEngine(rules, source.get(), detection, interval, config.config().detection().dedupWindow(),
                        new io.firebreak.server.engine.Leadership(leases, DetectionEngine.MODULE, instance.id(),
                                io.firebreak.server.engine.Leadership.ttlFor(interval)), deliveryWake::release));
        this.expiryLeadership = new io.firebreak.server.engine.Leadership(leases, "alert-expiry", instance.id(),
                io.firebreak.server.engine.Leadership.MAX_TTL);
        this.escalation = new io.firebreak.server.engine.EscalationModule(
                new io.firebreak.server.store.EscalationStore(database, incidents),
                io.firebreak.server.engine.EscalationPolicies.from(config.config()),
                io.firebreak.server.engine.EscalationTargets.fromConfig(config.config(), onCall::onCallNames),
                new io.firebreak.server.engine.Leadership(leases, io.firebreak.server.engine.EscalationModule.MODULE, instance.id(),
                        io.firebreak.server.engine.Leadership.ttlFor(io.firebreak.server.engine.EscalationModule.INTERVAL)),
                meters);
        this.backups = io.firebreak.server.recovery.Recovery.freshnessModule(config, database, detection, leases, instance.id());
        this.backupVerify = io.firebreak.server.recovery.Recovery.verifyModule(config, database, detection, leases, instance.id());
        this.drillReminders = io.firebreak.server.recovery.Recovery.drillReminderModule(config, database, incidents, detection, leases,
                instance.id(), io.firebreak.server.engine.EscalationTargets.fromConfig(config.config(), onCall::onCallNames));
        this.rto = io.firebreak.server.recovery.Recovery.rtoModule(config, database, incidents, leases, instance.id(),
                io.firebreak.server.engine.EscalationTargets.fromConfig(config.config(), onCall::onCallNames));
        this.communication = new io.firebreak.server.engine.CommunicationModule(incidents, new io.firebreak.server.store.CommunicationStore(database, incidents),
                new io.firebreak.server.store.PostMortemStore(database), outbox, config.config(), new io.firebreak.server.engine.Leadership(leases,
                        io.firebreak.server.engine.CommunicationModule.MODULE, instance.id(), io.firebreak.server.engine.Leadership.MAX_TTL));
        this.retention = new io.firebreak.server.engine.RetentionModule(new io.firebreak.server.store.RetentionStore(database),
                config.config().storage().retentionPeriod(), new io.firebreak.server.engine.Leadership(leases,
                        io.firebreak.server.engine.RetentionModule.MODULE, instance.id(), io.firebreak.server.engine.Leadership.MAX_TTL),
                io.firebreak.server.engine.RetentionModule.BATCH);
        this.ingest = new IngestWriter(alerts, clock, changes -> {
            deliveryWake.release();   // first: the pages are committed; the listeners below (console output) can wait
            changes.forEach(this::changed);
        });
        this.auth = new Auth(config.config().api());
        registerGauges();
    }

    /** Store-backed gauges, read at scrape time; NaN while the store cannot answer. */
    private void registerGauges() {
        for (Severity severity : Severity.values()) {
            meters.gauge("firebreak.incidents.open", "Open incidents by severity", incidents,
                    store -> orNaN(() -> store.openBySeverity().get(severity)), "severity", severity.sev());
        }
        meters.gauge("firebreak.outbox.pending", "Notifications waiting to be sent", outbox,
                store -> orNaN(() -> store.backlog().pending()));
        meters.gauge("firebreak.outbox.oldest.age.seconds", "Age of the oldest notification waiting to be sent (0 when none)", outbox,
                store -> orNaN(() -> store.backlog().oldest()
                        .map(oldest -> Duration.between(oldest, clock.instant()).toMillis() / 1000.0).orElse(0.0)));
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static double orNaN(java.util.function.Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Starts the HTTP server, the engine loop and delivery. Returns the port the server listens on. */
    public int start() {
        running = true;
        http = HttpServer.start(this, routeGroups());
        engineThread = Thread.ofPlatform().name("firebreak-engine").start(this::engineLoop);
        deliveryThread = Thread.ofPlatform().name("firebreak-delivery").start(this::deliveryLoop);
        return http.port();
    }

    /**
     * The HTTP route groups of packages other than {@code http} (which registers its own): one list,
     * no scanning. A new group from another package is added here.
     */
    private List<HttpServer.Routes> routeGroups() {
        return List.of(new StatusRoutes(this), new UiRoutes(this), new io.firebreak.server.oncall.OnCallRoutes(this),
                new io.firebreak.server.recovery.RecoveryRoutes(this));
    }

    private void changed(IncidentChange change) {
        escalation.wake();
        engineWake.release();
        meters.incidentChanged(change);
        try {
            onChange.accept(change);
        } catch (RuntimeException e) {
            LOG.warn("incident change listener failed", e);
        }
    }

    private void engineLoop() {
        while (running) {
            Instant now = clock.instant();
            Instant next = now.plus(tick);
            try {
                if (engine.isPresent()) {
                    DetectionEngine.Cycle cycle = meters.timeCycle(() -> engine.get().runDue(now));
                    meters.evaluated(cycle);
                    if (!cycle.changes().isEmpty()) {
                        // Detection woke delivery when its incident transaction committed; this covers the
                        // "detection blind" incident, written after it.
                        deliveryWake.release();
                    }
                    cycle.changes().forEach(this::changed);
                    Instant due = engine.get().nextDue(now);
                    next = due.isBefore(next) ? due : next;
                }
                if (expiryLeadership.lead(now).isPresent()) {
                    List<IncidentChange> expired = alerts.expire(now);
                    expired.forEach(this::changed);
                    if (!expired.isEmpty()) {
                        deliveryWake.release();
                    }
                }
                backups.runDue(now).forEach(change -> { changed(change); deliveryWake.release(); });
                backupVerify.runDue(now).forEach(change -> { changed(change); deliveryWake.release(); });
                if (drillReminders.runDue(now) > 0) {
                    deliveryWake.release();
                }
                if (rto.runDue(now) > 0) {
                    deliveryWake.release();
                }
                var escalated = escalation.runDue(now);
                if (escalated.written() > 0) {
                    deliveryWake.release();
                }
                if (communication.runDue(now).written() > 0) {
                    deliveryWake.release();
                }
                if (retention.runDue(now) >= io.firebreak.server.engine.RetentionModule.BATCH) {
                    Instant soon = now.plusMillis(200);   // more to prune: the next batch after a short pause
                    next = soon.isBefore(next) ? soon : next;
                }
                heartbeat(now);
            } catch (io.firebreak.server.store.StoreException e) {
                LOG.warn("engine cycle skipped, the store is failing: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("engine cycle failed; the next one runs as usual", e);
            }
            long waitMillis = Math.max(10, Math.min(tick.toMillis(), Duration.between(clock.instant(), next).toMillis()));
            pause(engineWake, waitMillis);
        }
    }

    /** Tells the other instances this one is alive, every few seconds (`cluster status`). */
    private void heartbeat(Instant now) {
        if (Duration.between(lastHeartbeat, now).compareTo(Duration.ofSeconds(5)) >= 0 || now.isBefore(lastHeartbeat)) {
            leases.heartbeat(instance.row(), now);
            lastHeartbeat = now;
        }
    }

    public io.firebreak.server.engine.Instance instance() {
        return instance;
    }

    /** The escalation module: its cycles run in the engine loop; {@code escalate} is the manual jump to the next step. */
    public io.firebreak.server.engine.EscalationModule escalation() {
        return escalation;
    }

    public io.firebreak.server.store.Leases leases() {
        return leases;
    }

    private void deliveryLoop() {
        while (running) {
            try {
                delivery.deliverDue(500);
            } catch (RuntimeException e) {
                LOG.warn("delivery pass failed; retrying shortly: {}", e.getMessage());
            }
            pause(deliveryWake, 250);
        }
    }

    /** Waits until woken or {@code millis} pass; shutdown wakes it rather than interrupting a cycle or a send. */
    private static void pause(Semaphore wake, long millis) {
        try {
            wake.tryAcquire(millis, TimeUnit.MILLISECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The longest real-time pause of the engine loop (default 1 s). A clock that runs faster than
     * real time (the demo) needs a shorter one, or cycles fall due long before the loop wakes.
     */
    public void tick(Duration maxPause) {
        this.tick = maxPause;
    }

    /** Wakes delivery now (after a change made through the API), and escalation, which may have something to page or stop. */
    public void deliverSoon() {
        escalation.wake();
        engineWake.release();
        deliveryWake.release();
    }

    public LoadedConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public IncidentStore incidents() {
        return incidents;
    }

    public AlertStore alerts() {
        return alerts;
    }

    public OutboxStore outbox() {
        return outbox;
    }

    public SilenceStore silences() {
        return silences;
    }

    /** Backup freshness: the last reading of each configured backup (recovery page, API). */
    public io.firebreak.server.recovery.BackupFreshnessModule backups() {
        return backups;
    }

    /** Scheduled restore verification (tests wait for a running one). */
    public io.firebreak.server.recovery.BackupVerifyModule backupVerify() {
        return backupVerify;
    }

    public DetectionStore detection() {
        return detection;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** Who is on call (schedules from the configuration, overrides from the store). */
    public io.firebreak.server.oncall.OnCallService onCall() {
        return onCall;
    }

    public List<Rule> rules() {
        return rules;
    }

    public IngestWriter ingest() {
        return ingest;
    }

    public AlertPayloads payloads() {
        return payloads;
    }

    public Auth auth() {
        return auth;
    }

    public Meters meters() {
        return meters;
    }

    /** Graceful stop: no new requests, the running cycle finishes, deliveries get {@link #SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        // One deadline for everything, so a stop takes at most SHUTDOWN_GRACE however many parts wait.
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        if (http != null) {
            http.stop();
        }
        ingest.close(remaining(deadline));
        running = false;
        engineWake.release();
        deliveryWake.release();
        for (Thread thread : new Thread[] {engineThread, deliveryThread}) {
            if (thread == null) {
                continue;
            }
            try {
                thread.join(Math.max(1, remaining(deadline).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backupVerify.close();
        engine.ifPresent(DetectionEngine::releaseLeadership);
        engine.ifPresent(DetectionEngine::close);
        try {
            expiryLeadership.release();
            escalation.releaseLeadership();
            backups.releaseLeadership();
            rto.releaseLeadership();
            backupVerify.releaseLeadership();
            drillReminders.releaseLeadership();
            communication.releaseLeadership();
            retention.releaseLeadership();
            leases.leave(instance.id());
        } catch (io.firebreak.server.store.StoreException e) {
            LOG.warn("could not leave the cluster cleanly (leases expire by themselves): {}", e.getMessage());
        }
        notifiers.forEach(io.firebreak.core.notify.Notifier::close);   // delivery has stopped: nothing sends now
        database.close();
    }
}
