package io.firebreak.cli;

import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.ConfigError;
import io.firebreak.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -c FILE}: the configuration, found the same way by every command. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $FIREBREAK_CONFIG, else ./firebreak.yml, else built-in defaults).")
    Path file;

    LoadedConfig load(Environment environment) {
        return loadWithWarnings(environment).config();
    }

    /** The configuration and the problems that do not stop it from loading. */
    ConfigLoader.Result.Loaded loadWithWarnings(Environment environment) {
        var loader = new ConfigLoader(environment.variables(), environment.workingDir());
        var result = loader.load(Optional.ofNullable(file));
        if (result instanceof ConfigLoader.Result.Invalid invalid) {
            throw new CliFailure(ExitCode.INVALID, invalid.errors().stream().map(ConfigError::toString).toList());
        }
        return (ConfigLoader.Result.Loaded) result;
    }
}
