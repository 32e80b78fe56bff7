package io.firebreak.cli;

/** The exit codes scripts rely on (DESIGN.md). */
public final class ExitCode {
    public static final int OK = 0;
    /** A check failed or the input is invalid. */
    public static final int INVALID = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;
    /** A required dependency (database, Prometheus) cannot be reached. */
    public static final int UNAVAILABLE = 3;

    private ExitCode() {}
}
