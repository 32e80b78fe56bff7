package io.firebreak.cli;

import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.time.Durations;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.channel.webhook.WebhookNotifier;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.Secret;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.engine.PrometheusSource;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.RuleHealth;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak detect}: the seed's incident detector, evaluating the config's rules against Prometheus. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Evaluate the rules against Prometheus every interval: open, join, re-open and resolve incidents.",
            "Rule state is kept in the store, so pending timers and firing alerts survive restarts and --once runs."})
final class DetectCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    ConfigOption config;

    @Option(names = "--once", description = "Run one cycle, print what it found, exit.")
    boolean once;

    @Option(names = "--interval", paramLabel = "D", description = "Evaluation interval (default: detection.interval, 30s).")
    String interval;

    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus to query (repeat for failover; default: prometheus.urls).")
    List<String> prometheus;

    /** The name of the implicit channel {@code --webhook-url} adds; a configured channel may not take it. */
    static final String WEBHOOK_CHANNEL = "detect-webhook";
    /** What that channel hears: the changes the seed's detector reported. */
    static final java.util.Set<NotifyEvent> WEBHOOK_EVENTS = EnumSet.of(NotifyEvent.OPENED, NotifyEvent.REOPENED, NotifyEvent.RESOLVED);

    @Option(names = "--webhook-url", paramLabel = "URL", description = {
        "Also POST a JSON event here for each incident opened, re-opened or resolved: a webhook channel named "
                + WEBHOOK_CHANNEL + ", through the outbox (retries, Idempotency-Key)."})
    URI webhook;

    @Option(names = "--webhook-secret-env", paramLabel = "VAR",
            description = "Sign --webhook-url posts (X-Firebreak-Signature, HMAC-SHA256) with the secret in environment variable VAR.")
    String webhookSecretEnv;

    @Override
    public Integer call() throws Exception {
        Environment environment = root.environment();
        LoadedConfig loaded = config.load(environment);
        Duration every = interval == null ? loaded.config().detection().interval()
                : Durations.parse(interval).filter(d -> !d.isZero())
                        .orElseThrow(() -> CliFailure.invalid("invalid --interval '" + interval + "' (use e.g. 15s, 1m)"));
        List<Rule> rules = RuleSupport.fromConfig(loaded, environment);
        if (rules.isEmpty()) {
            throw CliFailure.invalid("no rules to evaluate: list rule files under rule_files in " + loaded.source());
        }
        List<String> urls = prometheus == null || prometheus.isEmpty() ? loaded.config().prometheus().urls() : prometheus;
        var client = RuleSupport.client(loaded, urls);
        Optional<WebhookNotifier> hook = webhookChannel(loaded, environment);
        PrintWriter out = root.out();
        var instance = io.firebreak.server.engine.Instance.current(once ? "detect --once" : "detect", environment.clock().instant());
        try (Session session = Session.open(loaded, environment, root.out(),
                     notifications -> hook.map(h -> notifications.withChannel(h, WEBHOOK_EVENTS)).orElse(notifications));
             var engine = new DetectionEngine(rules, new PrometheusSource(client),
                     new DetectionStore(session.database, session.incidents), every, loaded.config().detection().dedupWindow(),
                     new io.firebreak.server.engine.Leadership(new io.firebreak.server.store.Leases(session.database),
                             DetectionEngine.MODULE, instance.id(), io.firebreak.server.engine.Leadership.ttlFor(every)))) {
            if (once) {
                DetectionEngine.Cycle cycle = engine.runAll(environment.clock().instant());
                engine.releaseLeadership();
                if (cycle.standby()) {
                    String holder = new io.firebreak.server.store.Leases(session.database).list().stream()
                            .filter(l -> l.module().equals(DetectionEngine.MODULE)).map(l -> l.holder()).findFirst().orElse("another instance");
                    out.println("Standing by: " + holder + " evaluates the rules on this store (firebreak cluster status shows it)");
                    session.drain();
                    return ExitCode.OK;
                }
                List<IncidentChange> detected = cycle.changes().stream().filter(c -> c.kind() != IncidentChange.Kind.RESOLVED).toList();
                out.println("Checked " + cycle.evaluated() + " rules, " + detected.size() + " incidents detected");
                for (IncidentChange change : cycle.changes()) {
                    out.println(Output.change(change, Output.time(cycle.at())));
                }
                report(cycle.unhealthy(), new HashMap<>());
                int queued = session.drain();
                if (queued > 0) {
                    root.err().println(queued + " notification(s) not delivered yet: they stay queued and are retried by the next run"
                            + " that delivers (firebreak notifications list shows them)");
                }
                boolean blind = cycle.health().stream().allMatch(h -> h.lastError().startsWith("unreachable")
                        || h.lastError().startsWith("timeout") || h.lastError().startsWith("server error"));
                if (blind) {
                    throw new CliFailure(ExitCode.UNAVAILABLE, List.of("no Prometheus answered: " + String.join(", ", client.urls())));
                }
                return ExitCode.OK;
            }
            try (AutoCloseable exclusive = exclusive(session)) {
                return loop(engine, session, rules.size(), client.urls(), every, instance);
            } finally {
                engine.releaseLeadership();
                try {
                    new io.firebreak.server.store.Leases(session.database).leave(instance.id());
                } catch (RuntimeException e) {
                    // the store is going away too: the instance row ages out
                }
            }
        }
    }

    /** On SQLite, refuses to run beside another long-running detect or run on the same file. */
    private static AutoCloseable exclusive(Session session) {
        try {
            return session.database.exclusiveEngine();
        } catch (IllegalStateException e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }

    private int loop(DetectionEngine engine, Session session, int ruleCount, List<String> urls, Duration every,
                     io.firebreak.server.engine.Instance instance) throws InterruptedException {
        var leases = new io.firebreak.server.store.Leases(session.database);
        Logs.serviceLevel(root.environment());
        PrintWriter out = root.out();
        out.println("Evaluating " + ruleCount + " rules every " + Durations.format(every) + " against " + String.join(", ", urls)
                + " (Ctrl-C to stop)");
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread worker = Thread.currentThread();
        Thread hookThread = new Thread(() -> {
            running.set(false);
            worker.interrupt();
            try {
                stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hookThread);
        Map<String, String> lastErrors = new HashMap<>();
        try {
            while (running.get()) {
                Instant now = root.environment().clock().instant();
                DetectionEngine.Cycle cycle = engine.runDue(now);
                try {
                    leases.heartbeat(instance.row(), now);
                } catch (RuntimeException e) {
                    // the rules' health already says the store is failing
                }
                for (IncidentChange change : cycle.changes()) {
                    out.println(Output.change(change, Output.time(now)));
                }
                report(cycle.health(), lastErrors);
                try {
                    session.delivery.deliverDue(500);
                } catch (RuntimeException e) {
                    root.err().println("delivery failed this cycle: " + e.getMessage());
                }
                Duration wait = Duration.between(root.environment().clock().instant(), engine.nextDue(now));
                if (!wait.isNegative() && !wait.isZero()) {
                    Thread.sleep(Math.min(wait.toMillis(), 1000));
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C: the cycle in progress finished or never started; its writes are whole transactions
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hookThread);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        }
        out.println("stopped");
        return ExitCode.OK;
    }

    /** Prints a rule's error when it starts failing or its reason changes, and when it recovers. */
    private void report(List<RuleHealth> health, Map<String, String> lastErrors) {
        for (RuleHealth h : health) {
            String before = lastErrors.getOrDefault(h.rule(), "");
            if (!h.ok() && !h.lastError().equals(before)) {
                root.err().println("rule " + h.rule() + " unhealthy: " + h.lastError());
                lastErrors.put(h.rule(), h.lastError());
            } else if (h.ok() && !before.isEmpty()) {
                root.err().println("rule " + h.rule() + " healthy again");
                lastErrors.remove(h.rule());
            }
        }
    }

    /** The channel {@code --webhook-url} adds, if given: a webhook like a configured one, signed when a secret is named. */
    private Optional<WebhookNotifier> webhookChannel(LoadedConfig loaded, Environment environment) {
        if (webhook == null) {
            if (webhookSecretEnv != null) {
                throw usage("--webhook-secret-env needs --webhook-url");
            }
            return Optional.empty();
        }
        if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())) {
            throw usage("--webhook-url must be an http or https URL");
        }
        if (loaded.config().channels().stream().anyMatch(channel -> channel.name().equals(WEBHOOK_CHANNEL))) {
            throw CliFailure.invalid("channel name '" + WEBHOOK_CHANNEL + "' in " + loaded.source()
                    + " is reserved for --webhook-url: rename that channel");
        }
        Secret secret = new Secret("");
        if (webhookSecretEnv != null) {
            String value = environment.variables().apply(webhookSecretEnv);
            if (value == null || value.isEmpty()) {
                throw usage("--webhook-secret-env: environment variable " + webhookSecretEnv + " is not set");
            }
            secret = new Secret(value);
        }
        return Optional.of(new WebhookNotifier(WEBHOOK_CHANNEL, new Secret(webhook.toString()), secret, java.util.Map.of(), new HttpSender()));
    }

    private static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, List.of(message));
    }
}
