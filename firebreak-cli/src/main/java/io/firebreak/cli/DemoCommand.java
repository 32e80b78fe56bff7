package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.core.time.Durations;
import io.firebreak.server.Service;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.rules.RuleFileLoader;
import io.firebreak.server.scenario.Scenario;
import io.firebreak.server.scenario.ScenarioSource;
import io.firebreak.server.store.Database;
import io.firebreak.server.template.ChannelTemplates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak demo}: the service ({@code firebreak run}) on a throwaway SQLite store, fed by the
 * agente-api scenario in a loop on a clock that runs {@code --speed} times faster than real time:
 * incidents open, re-open and resolve in the UI, the API and on the status page, until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the service on a throwaway store, fed by the agente-api scenario in a loop:",
            "open the printed URL, log in with the printed token, and watch incidents open, re-open and resolve. Ctrl-C stops."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "15", description = "Scenario time runs X times faster than real time (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port of the UI and API on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "agente-api", description = "The scenario to replay (default: ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(names = "--duration", paramLabel = "D", description = "Stop by itself after this much real time (default: until Ctrl-C).")
    String duration;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 1000) {
            throw CliFailure.invalid("--speed must be greater than 0 and at most 1000");
        }
        if (port < 0 || port > 65535) {
            throw CliFailure.invalid("--port must be between 0 and 65535");
        }
        Optional<Duration> stopAfter = Optional.ofNullable(duration).map(d -> Durations.parse(d).filter(x -> !x.isZero())
                .orElseThrow(() -> CliFailure.invalid("invalid --duration '" + d + "' (use e.g. 30s, 5m)")));
        Environment environment = root.environment();
        Path file = Scenarios.find(scenarioName, environment).orElseThrow(() -> CliFailure.invalid(
                "no scenario '" + scenarioName + "': run the demo from the Firebreak directory (or set FIREBREAK_HOME)"));
        Scenario scenario = Scenarios.load(file, environment);
        var loader = new RuleFileLoader(environment.variables(), RuleFileLoader.DEFAULT_SEVERITY_MAP);
        List<Rule> rules = RuleSupport.load(loader, List.of(scenario.rulesFile()), environment);
        Path temp = Files.createTempDirectory("firebreak-demo");
        Thread cleanup = new Thread(() -> SimulateCommand.deleteTree(temp));
        Runtime.getRuntime().addShutdownHook(cleanup);
        PrintWriter out = root.out();
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = "demo-" + HexFormat.of().formatHex(random);
        Files.writeString(temp.resolve("firebreak.yml"), """
                storage: {url: "jdbc:sqlite:demo.db"}
                server: {listen: "127.0.0.1:%d"}
                api:
                  tokens:
                    - {name: demo, token: "%s", role: admin}
                services:
                  - {name: agente-api, tier: 1, public: true}
                """.formatted(port, token));
        var result = new ConfigLoader(environment.variables(), temp).load(Optional.of(temp.resolve("firebreak.yml")));
        if (result instanceof ConfigLoader.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        LoadedConfig config = ((ConfigLoader.Result.Loaded) result).config();
        Instant start = environment.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        FastClock clock = new FastClock(start, speed);
        // After each replay, 10 minutes of quiet (past the dedup window), then the scenario again.
        Duration period = scenario.length().plus(Duration.ofMinutes(10));
        MetricSource source = new LoopingSource(new ScenarioSource(scenario, start), start, period);
        List<Rule> evaluated = new ScenarioSource(scenario, start).rulesWithSeries(rules);
        Database database = Database.open(config.storage());
        Service service = new Service(config, database, clock, ChannelTemplates.builtIn(), new PrintWriter(new StringWriter()), evaluated,
                Optional.of(source), change -> {
                    out.println(Output.change(change, "+" + SimulateCommand.pad(Durations.format(
                            Duration.between(start, clock.instant()).truncatedTo(ChronoUnit.SECONDS)))));
                    out.flush();
                });
        // Rules are due every 30s of scenario time: wake at least twice as often, in real time.
        service.tick(Duration.ofMillis(Math.max(10, (long) (15_000 / speed))));
        int actualPort;
        try {
            clock.restart();   // scenario time starts now, not while the store was opening
            actualPort = service.start();
        } catch (RuntimeException e) {
            service.close();
            throw CliFailure.invalid("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); try --port 0 or another port");
        }
        out.println("Firebreak demo: " + scenario.description());
        out.println();
        out.println("  Open      http://127.0.0.1:" + actualPort + "/          (log in with the token below)");
        out.println("  Token     " + token);
        out.println("  Status    http://127.0.0.1:" + actualPort + "/status    (public status page, no login)");
        out.println("  API       curl -H 'Authorization: Bearer " + token + "' http://127.0.0.1:" + actualPort + "/api/v1/incidents");
        out.println();
        out.println("Scenario time runs " + speed + "x faster than real time (one replay: " + Durations.format(scenario.length())
                + " of it, then 10m of quiet). The store is a throwaway SQLite file. Ctrl-C stops.");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (stopAfter.isPresent()) {
                stop.await(stopAfter.get().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        } finally {
            service.close();
            SimulateCommand.deleteTree(temp);
            for (Thread registered : new Thread[] {hook, cleanup}) {
                try {
                    Runtime.getRuntime().removeShutdownHook(registered);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hooks run anyway
                }
            }
        }
        out.println("demo stopped");
        return ExitCode.OK;
    }

    /** A clock that starts at {@code start} and runs {@code speed} times faster than real time. */
    static final class FastClock extends Clock {
        private final Instant start;
        private final double speed;
        private volatile long startNanos = System.nanoTime();

        FastClock(Instant start, double speed) {
            this.start = start;
            this.speed = speed;
        }

        void restart() {
            startNanos = System.nanoTime();
        }

        @Override
        public Instant instant() {
            return start.plusNanos((long) ((System.nanoTime() - startNanos) * speed));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The scenario again and again: time {@code at} is answered as {@code start + ((at - start) mod period)}. */
    record LoopingSource(MetricSource scenario, Instant start, Duration period) implements MetricSource {
        @Override
        public QueryResult query(Rule rule, Instant at) {
            long offset = Math.floorMod(Duration.between(start, at).toMillis(), period.toMillis());
            return scenario.query(rule, start.plusMillis(offset));
        }
    }
}
