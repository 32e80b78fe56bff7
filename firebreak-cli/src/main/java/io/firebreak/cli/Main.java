package io.firebreak.cli;

import io.firebreak.server.config.Redaction;
import io.firebreak.server.store.StoreUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code firebreak} command: parses, runs, and turns failures into messages and exit codes. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(new RootCommand(Environment.ofProcess(), out, err)).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** A command line over {@code root}, with Firebreak's exit codes and error printing. */
    static CommandLine commandLine(RootCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(root.out());
        commandLine.setErr(root.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (error instanceof CliFailure failure) {
                failure.lines().forEach(line -> err.println("firebreak: " + line));
                return failure.exitCode();
            }
            if (error instanceof StoreUnavailableException unavailable) {
                err.println("firebreak: " + unavailable.getMessage());
                return ExitCode.UNAVAILABLE;
            }
            // A bug or an unexpected failure: say what, keep the cause for whoever reads the stack trace.
            // Messages deep in it may quote a URL given on the command line: masked like every other.
            java.io.StringWriter trace = new java.io.StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            err.println("firebreak: unexpected error: " + Redaction.url(error.toString()));
            err.print(Redaction.url(trace.toString()));
            return ExitCode.INVALID;
        });
        commandLine.setParameterExceptionHandler((error, args) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("firebreak: " + Redaction.url(error.getMessage()));
            err.println("Try '" + error.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        return commandLine;
    }
}
