package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.Service;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.Redaction;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.engine.PrometheusSource;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak run}: the service. Rule evaluation (when there are rules and a Prometheus),
 * ingestion from Alertmanager and Prometheus, delivery, the HTTP API, UI, status page and
 * /metrics, until SIGTERM or Ctrl-C, which stop it gracefully (exit 0).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the service: detection, alert ingestion, delivery, the HTTP API, UI, status page and /metrics.",
            "SIGTERM or Ctrl-C stops taking requests, finishes the running cycle and in-flight deliveries, and exits 0."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        Environment environment = root.environment();
        LoadedConfig loaded = config.load(environment);
        List<Rule> rules = RuleSupport.fromConfig(loaded, environment);
        var templates = NotifyCommand.channelTemplates(loaded);
        List<String> urls = loaded.config().prometheus().urls();
        Optional<MetricSource> source = rules.isEmpty() || urls.isEmpty() ? Optional.empty()
                : Optional.of(new PrometheusSource(RuleSupport.client(loaded, urls)));
        PrintWriter out = root.out();
        Logs.serviceLevel(environment);
        Database database;
        try {
            database = Database.open(loaded.storage());
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        }
        Service service = new Service(loaded, database, environment.clock(), templates, out, rules, source,
                change -> {
                    out.println(Output.change(change, Output.time(environment.clock().instant())));
                    out.flush();
                });
        AutoCloseable exclusive;
        try {
            exclusive = database.exclusiveEngine();
        } catch (IllegalStateException e) {
            service.close();
            throw CliFailure.invalid(e.getMessage());
        }
        int port;
        try {
            port = service.start();
        } catch (RuntimeException e) {
            service.close();
            throw new CliFailure(ExitCode.INVALID, List.of("cannot start the HTTP server on " + loaded.config().server().listen()
                    + ": " + rootMessage(e)));
        }
        String listen = loaded.config().server().listen();
        String shown = listen.endsWith(":0") ? listen.substring(0, listen.length() - 1) + port : listen;
        out.println("Firebreak listening on http://" + shown + " (UI /, API /api/v1, status page /status, metrics /metrics)");
        out.println(rules.isEmpty() ? "No rules: only alerts sent to the API open incidents."
                : source.isEmpty() ? rules.size() + " rules loaded but prometheus.urls is empty: they are not evaluated."
                : "Evaluating " + rules.size() + " rules against " + String.join(", ", urls.stream().map(Redaction::url).toList()));
        if (!service.auth().enabled()) {
            out.println("No api.tokens configured: the API is open to anyone on this machine.");
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                boolean clean = closed.await(Service.SHUTDOWN_GRACE.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
                // A stop asked for (SIGTERM, Ctrl-C) that completed is a clean exit: 0, not 143.
                Runtime.getRuntime().halt(clean ? ExitCode.OK : ExitCode.INVALID);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "firebreak-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } finally {
            out.println("stopping: no new requests, finishing the running cycle and deliveries");
            out.flush();
            service.close();
            try {
                exclusive.close();
            } catch (Exception e) {
                // the process is ending: the OS drops the lock
            }
            out.println("stopped");
            out.flush();
            closed.countDown();
        }
        return ExitCode.OK;
    }

    private static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return String.valueOf(current.getMessage());
    }
}
