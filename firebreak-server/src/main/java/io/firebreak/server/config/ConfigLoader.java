package io.firebreak.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds, reads and validates {@code firebreak.yml}. Every command finds it the same way:
 * {@code -c FILE}, else {@code $FIREBREAK_CONFIG}, else {@code ./firebreak.yml}, else built-in defaults.
 */
public final class ConfigLoader {
    public static final String ENV_VARIABLE = "FIREBREAK_CONFIG";

    private final Function<String, String> environment;
    private final Path workingDir;

    public ConfigLoader(Function<String, String> environment, Path workingDir) {
        this.environment = environment;
        this.workingDir = workingDir;
    }

    /** The loader for this process: real environment and working directory. */
    public static ConfigLoader forProcess() {
        return new ConfigLoader(System::getenv, Path.of("").toAbsolutePath());
    }

    /** The outcome of loading: a usable configuration, or every error found. */
    public sealed interface Result {
        /** @param warnings problems that do not stop the configuration from loading (printed by {@code config check}) */
        record Loaded(LoadedConfig config, List<ConfigError> warnings) implements Result {
            public Loaded {
                warnings = List.copyOf(warnings);
            }

            public Loaded(LoadedConfig config) {
                this(config, List.of());
            }
        }

        record Invalid(List<ConfigError> errors) implements Result {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    /** Loads the configuration named by {@code explicit} or found by the usual search. */
    public Result load(Optional<Path> explicit) {
        Optional<Path> file = explicit.map(workingDir::resolve);
        if (file.isEmpty()) {
            String fromEnvironment = environment.apply(ENV_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                file = Optional.of(workingDir.resolve(fromEnvironment));
            }
        }
        if (file.isEmpty()) {
            Path local = workingDir.resolve("firebreak.yml");
            if (Files.isRegularFile(local)) {
                file = Optional.of(local);
            }
        }
        if (file.isEmpty()) {
            return new Result.Loaded(new LoadedConfig(AppConfig.defaults(), Optional.empty(), workingDir, "built-in defaults"));
        }
        return loadFile(file.get());
    }

    public Result loadFile(Path path) {
        String name = displayName(path);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Result.Invalid(List.of(new ConfigError(name, 0, "", "config file not found")));
        } catch (IOException e) {
            return new Result.Invalid(List.of(new ConfigError(name, 0, "", "cannot read config file: " + e.getMessage())));
        }
        Path baseDir = path.toAbsolutePath().getParent();
        return parse(name, text, baseDir, Optional.of(path));
    }

    Result parse(String name, String text, Path baseDir, Optional<Path> file) {
        YamlDocument document = YamlDocument.parse(name, text, environment);
        List<ConfigError> errors = new ArrayList<>(document.errors());
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        if (!document.root().isObject()) {
            return new Result.Invalid(List.of(new ConfigError(name, 1, "", "expected a mapping of keys at the top level (storage:, prometheus:, ...)")));
        }
        Optional<AppConfig> config = document.bind(Yaml.mapper(), AppConfig.class, errors);
        if (config.isEmpty()) {
            return new Result.Invalid(errors);
        }
        errors.addAll(ConfigValidator.validate(config.get(), document, baseDir));
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        return new Result.Loaded(new LoadedConfig(config.get(), file, baseDir, name), ConfigValidator.warnings(config.get(), document));
    }

    private String displayName(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDir) ? workingDir.relativize(absolute).toString() : absolute.toString();
    }
}
