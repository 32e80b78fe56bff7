package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.scenario.Scenario;
import io.firebreak.server.scenario.Simulation;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.rules.RuleFileLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code firebreak demo}: the agente-api scenario through the real engine on a throwaway SQLite
 * store, in a loop at a readable speed, printing incidents as they open and resolve, until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Replay the agente-api scenario through the real engine on a throwaway store, in a loop,",
            "printing incidents as they open, re-open and resolve, until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "15", description = "Scenario time runs X times faster than real time (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "0", description = "Stop after N replays (default: until Ctrl-C).")
    int loops;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "agente-api", description = "The scenario to replay (default: ${DEFAULT-VALUE}).")
    String scenarioName;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0)) {
            throw CliFailure.invalid("--speed must be greater than 0");
        }
        Environment environment = root.environment();
        Path file = Scenarios.find(scenarioName, environment).orElseThrow(() -> CliFailure.invalid(
                "no scenario '" + scenarioName + "': run the demo from the Firebreak directory (or set FIREBREAK_HOME)"));
        Scenario scenario = Scenarios.load(file, environment);
        var loader = new RuleFileLoader(environment.variables(), RuleFileLoader.DEFAULT_SEVERITY_MAP);
        List<Rule> rules = RuleSupport.load(loader, List.of(scenario.rulesFile()), environment);
        Path temp = Files.createTempDirectory("firebreak-demo");
        // Ctrl-C ends the JVM without running finally blocks: remove the throwaway store then too.
        Thread cleanup = new Thread(() -> SimulateCommand.deleteTree(temp));
        Runtime.getRuntime().addShutdownHook(cleanup);
        PrintWriter out = root.out();
        Duration interval = Duration.ofSeconds(30);
        out.println("Firebreak demo: " + scenario.description());
        out.println("Scenario time runs " + speed + "x faster than real time; rules are evaluated every 30s of it."
                + " The store is a throwaway SQLite file. Ctrl-C stops.");
        try (Database database = Database.open(new StorageConfig("jdbc:sqlite:" + temp.resolve("demo.db"), null, null, null))) {
            Instant start = environment.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            for (int round = 1; loops == 0 || round <= loops; round++) {
                out.println();
                out.println("-- replay " + round + " of " + scenario.name() + " (" + Durations.format(scenario.length()) + " of scenario time) --");
                Instant roundStart = start;
                var result = Simulation.run(scenario, rules, database, interval, Duration.ofMinutes(5), roundStart,
                        Simulation.Pacer.speed(speed), cycle -> {
                            for (IncidentChange change : cycle.changes()) {
                                out.println(Output.change(change, "+" + SimulateCommand.pad(
                                        Durations.format(Duration.between(roundStart, cycle.at())))));
                            }
                            out.flush();
                        });
                out.println();
                SimulateCommand.printSummary(out, result.incidents());
                start = result.end().plus(Duration.ofMinutes(10));   // past the dedup window: the next replay opens new incidents
            }
        } finally {
            SimulateCommand.deleteTree(temp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it removes the directory
            }
        }
        return ExitCode.OK;
    }
}
