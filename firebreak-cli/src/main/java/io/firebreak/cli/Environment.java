package io.firebreak.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a command may read from the world: environment variables, the working directory and the
 * clock. Tests pass their own.
 */
public record Environment(Function<String, String> variables, Path workingDir, Clock clock) {

    public static Environment ofProcess() {
        return new Environment(System::getenv, Path.of("").toAbsolutePath(), Clock.systemUTC());
    }

    /** Who is acting when {@code --by} is not given: $FIREBREAK_USER, else $USER, else the OS user. */
    public String defaultActor() {
        for (String name : new String[] {"FIREBREAK_USER", "USER"}) {
            String value = variables.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return System.getProperty("user.name", "unknown");
    }
}
