package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.engine.IncidentWebhook;
import io.firebreak.server.engine.PrometheusSource;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.RuleHealth;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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

    @Option(names = "--webhook-url", paramLabel = "URL", description = "POST a JSON event here for each incident opened, re-opened or resolved.")
    URI webhook;

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
        Optional<IncidentWebhook> hook = Optional.ofNullable(webhook).map(IncidentWebhook::new);
        PrintWriter out = root.out();
        var instance = io.firebreak.server.engine.Instance.current(once ? "detect --once" : "detect", environment.clock().instant());
        try (Session session = Session.open(config, environment, root.out());
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
                deliver(hook, cycle.changes(), environment.clock().instant());
                session.drain();
                boolean blind = cycle.health().stream().allMatch(h -> h.lastError().startsWith("unreachable")
                        || h.lastError().startsWith("timeout") || h.lastError().startsWith("server error"));
                if (blind) {
                    throw new CliFailure(ExitCode.UNAVAILABLE, List.of("no Prometheus answered: " + String.join(", ", client.urls())));
                }
                return ExitCode.OK;
            }
            try (AutoCloseable exclusive = exclusive(session)) {
                return loop(engine, session, rules.size(), client.urls(), every, hook, instance);
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

    private int loop(DetectionEngine engine, Session session, int ruleCount, List<String> urls, Duration every, Optional<IncidentWebhook> hook,
                     io.firebreak.server.engine.Instance instance) throws InterruptedException {
        var leases = new io.firebreak.server.store.Leases(session.database);
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
                deliver(hook, cycle.changes(), now);
                try {
                    session.delivery.deliverDue(root.environment().clock().instant(), 500);
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

    private void deliver(Optional<IncidentWebhook> hook, List<IncidentChange> changes, Instant now) {
        if (hook.isEmpty()) {
            return;
        }
        for (IncidentChange change : changes) {
            hook.get().send(change, now).ifPresent(error -> root.err().println(
                    "webhook for " + change.incident().id() + " " + change.kind().wireName() + " failed: " + error));
        }
    }
}
