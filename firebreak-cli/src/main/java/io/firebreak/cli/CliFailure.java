package io.firebreak.cli;

import java.util.List;

/** A command ends with a message for the user and an exit code; thrown by commands, printed by {@link Main}. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;
    private final List<String> lines;

    public CliFailure(int exitCode, List<String> lines) {
        super(String.join("\n", lines));
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    public static CliFailure invalid(String message) {
        return new CliFailure(ExitCode.INVALID, List.of(message));
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> lines() {
        return lines;
    }
}
