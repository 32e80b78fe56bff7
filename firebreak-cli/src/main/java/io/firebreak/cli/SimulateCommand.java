package io.firebreak.cli;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.scenario.Scenario;
import io.firebreak.server.scenario.Simulation;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code firebreak simulate}: replay a scenario through the real engine and store on an accelerated clock. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Replay a scenario through the real detection engine and store, on an accelerated clock, and print",
            "each incident with its time to detect and resolve. The store is a temporary SQLite file unless -c is given."})
final class SimulateCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    ConfigOption config;

    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "A scenario name (see --list) or a scenario file.")
    String scenario;

    @Option(names = "--list", description = "List the scenarios.")
    boolean list;

    @Option(names = "--speed", paramLabel = "X", description = "Scenario time runs X times faster than real time (default: as fast as possible).")
    Double speed;

    @Override
    public Integer call() throws Exception {
        Environment environment = root.environment();
        PrintWriter out = root.out();
        if (list || scenario == null) {
            Map<String, Path> available = Scenarios.available(environment);
            if (available.isEmpty()) {
                throw CliFailure.invalid("no scenarios found in ./scenarios or ./examples/agente-api/scenarios");
            }
            List<List<String>> rows = new ArrayList<>();
            available.forEach((name, file) -> {
                Scenario s = Scenarios.load(file, environment);
                String description = s.description().split("(?<=\\.)\\s")[0];
                rows.add(List.of(name, Durations.format(s.length()), description));
            });
            out.print(Output.table(List.of("SCENARIO", "LENGTH", "WHAT HAPPENS"), rows));
            if (!list) {
                root.err().println("firebreak: name a scenario: firebreak simulate NAME");
                return ExitCode.USAGE;
            }
            return ExitCode.OK;
        }
        if (speed != null && !(speed > 0)) {
            throw CliFailure.invalid("--speed must be greater than 0");
        }
        Path file = Scenarios.find(scenario, environment).orElseThrow(() -> CliFailure.invalid(
                "no scenario '" + scenario + "' (firebreak simulate --list shows them)"));
        Scenario loaded = Scenarios.load(file, environment);
        LoadedConfig settings = config.load(environment);
        List<Rule> rules = RuleSupport.load(RuleSupport.loader(settings, environment), List.of(loaded.rulesFile()), environment);
        Duration interval = settings.config().detection().interval();
        Path temp = null;
        StorageConfig storage = settings.storage();
        if (config.file == null && environment.variables().apply("FIREBREAK_CONFIG") == null) {
            temp = Files.createTempDirectory("firebreak-simulate");
            storage = new StorageConfig("jdbc:sqlite:" + temp.resolve("simulation.db"), null, null, null);
        }
        out.println("Scenario " + loaded.name() + ": " + loaded.description());
        out.println("Replaying " + Durations.format(loaded.length()) + " of metrics (every " + Durations.format(loaded.step())
                + "), rules evaluated every " + Durations.format(interval)
                + (speed == null ? ", as fast as possible" : ", " + speed + "x real time") + ".");
        out.println();
        Instant start = environment.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Simulation.Result result;
        try (Database database = Database.open(storage)) {
            result = Simulation.run(loaded, rules, database, interval, settings.config().detection().dedupWindow(), start,
                    speed == null ? Simulation.Pacer.fastest() : Simulation.Pacer.speed(speed),
                    cycle -> {
                        for (IncidentChange change : cycle.changes()) {
                            out.println(Output.change(change, "+" + pad(Durations.format(Duration.between(start, cycle.at())))));
                        }
                    });
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
        out.println();
        printSummary(out, result.incidents());
        List<String> problems = Simulation.check(loaded, result, interval);
        recordDrills(settings, loaded.name(), result.incidents(), problems.isEmpty(), environment.clock().instant(), out);
        if (loaded.expect().isEmpty()) {
            return ExitCode.OK;
        }
        if (problems.isEmpty()) {
            out.println("\nAs the scenario expects: " + loaded.expect().size() + " incident(s), each within "
                    + Durations.format(interval) + " of its expected time.");
            return ExitCode.OK;
        }
        root.err().println("\nDiffers from what the scenario expects:");
        problems.forEach(problem -> root.err().println("  " + problem));
        return ExitCode.INVALID;
    }

    /**
     * A run counts as each drill with {@code done_by: simulate}: recorded in the configured store (not the
     * simulation's own temporary one) with the worst time to detect against the seed's target of under 5 minutes.
     */
    static void recordDrills(LoadedConfig settings, String scenario, List<Incident> incidents, boolean asExpected, Instant now, PrintWriter out) {
        List<io.firebreak.server.config.DrillConfig> drills = settings.config().drills().stream().filter(d -> d.doneBy().equals("simulate")).toList();
        if (drills.isEmpty()) {
            return;
        }
        var judged = io.firebreak.core.recovery.MttdDrill.judge(scenario, incidents.stream().map(Incident::timeToDetect).toList(), asExpected);
        try (Database store = Database.open(settings.storage())) {
            var runs = new io.firebreak.server.store.DrillStore(store);
            for (var drill : drills) {
                runs.record(drill.name(), judged.passed(), judged.worst(), judged.note(), "simulate", "simulate", now);
                out.println("\nDrill " + drill.name() + " recorded: " + (judged.passed() ? "pass" : "fail") + " (" + judged.note() + ")");
            }
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of("cannot record drill runs: " + e.getMessage()));
        }
    }

    static void printSummary(PrintWriter out, List<Incident> incidents) {
        if (incidents.isEmpty()) {
            out.println("No incidents.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Incident incident : incidents) {
            rows.add(List.of(incident.id(), incident.severity().sev(), incident.status().name(),
                    Durations.format(incident.timeToDetect()), Output.duration(incident.timeToResolve()), incident.title()));
        }
        out.print(Output.table(List.of("ID", "SEV", "STATUS", "TIME TO DETECT", "TIME TO RESOLVE", "TITLE"), rows));
    }

    static String pad(String text) {
        return text.length() >= 6 ? text : text + " ".repeat(6 - text.length());
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory left behind is not worth failing for
        }
    }
}
