package io.firebreak.cli;

import io.firebreak.server.config.ConfigError;
import io.firebreak.server.scenario.Scenario;
import io.firebreak.server.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds scenarios: a file path, or a name in ./scenarios, ./examples/agente-api/scenarios or $FIREBREAK_HOME's. */
final class Scenarios {
    private Scenarios() {}

    static List<Path> directories(Environment environment) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(environment.workingDir().resolve("scenarios"));
        dirs.add(environment.workingDir().resolve("examples/agente-api/scenarios"));
        String home = environment.variables().apply("FIREBREAK_HOME");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home).resolve("examples/agente-api/scenarios"));
        }
        return dirs.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** Scenario files by name, first directory wins. */
    static Map<String, Path> available(Environment environment) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path dir : directories(environment)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted()
                        .forEach(f -> found.putIfAbsent(f.getFileName().toString().replaceFirst("\\.ya?ml$", ""), f));
            } catch (IOException e) {
                // an unreadable directory simply offers no scenarios
            }
        }
        return found;
    }

    static Optional<Path> find(String nameOrPath, Environment environment) {
        Path asPath = environment.workingDir().resolve(nameOrPath);
        if (Files.isRegularFile(asPath)) {
            return Optional.of(asPath);
        }
        return Optional.ofNullable(available(environment).get(nameOrPath));
    }

    static Scenario load(Path file, Environment environment) {
        var result = ScenarioLoader.load(file, RuleSupport.display(file, environment));
        if (result instanceof ScenarioLoader.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        return ((ScenarioLoader.Result.Loaded) result).scenario();
    }
}
