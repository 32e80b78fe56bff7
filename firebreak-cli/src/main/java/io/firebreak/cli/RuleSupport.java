package io.firebreak.cli;

import io.firebreak.core.rule.Rule;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.rules.RuleFileLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loading rules and reaching Prometheus the same way in every command. */
final class RuleSupport {
    private RuleSupport() {}

    static RuleFileLoader loader(LoadedConfig config, Environment environment) {
        return new RuleFileLoader(environment.variables(),
                config.config().detection().severities(RuleFileLoader.DEFAULT_SEVERITY_MAP));
    }

    /** The rules of {@code files}, or exit 1 with every error. */
    static List<Rule> load(RuleFileLoader loader, List<Path> files, Environment environment) {
        var result = loader.load(files, file -> display(file, environment));
        if (result instanceof RuleFileLoader.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        return ((RuleFileLoader.Result.Loaded) result).rules();
    }

    /** The rules named by the configuration's {@code rule_files}. */
    static List<Rule> fromConfig(LoadedConfig config, Environment environment) {
        return load(loader(config, environment), config.ruleFiles(), environment);
    }

    /** A client for {@code --prometheus} URLs if given, else none. */
    static Optional<PrometheusClient> prometheus(List<String> urls, LoadedConfig config) {
        if (urls == null || urls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(client(config, urls));
    }

    /**
     * A client for {@code urls} with the configuration's timeout and credentials ({@code prometheus.username},
     * {@code bearer_token}, ...), or exit 1 naming a bad URL with its password masked.
     */
    static PrometheusClient client(LoadedConfig config, List<String> urls) {
        try {
            return PrometheusClient.forConfig(config, urls);
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalid(e.getMessage());
        }
    }

    /** A path as the user would write it: relative to the working directory when it is inside it. */
    static String display(Path path, Environment environment) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(environment.workingDir()) ? environment.workingDir().relativize(absolute).toString() : absolute.toString();
    }
}
