package io.firebreak.cli;

import io.firebreak.server.config.Redaction;
import io.firebreak.server.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code firebreak} command: parses, runs, and turns failures into messages and exit codes. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(new RootCommand(Environment.ofProcess(), out, err), args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** A command line over {@code root} with every subcommand, with Firebreak's exit codes and error printing. */
    static CommandLine commandLine(RootCommand root) {
        return commandLine(root, RootCommand.SUBCOMMANDS);
    }

    /**
     * A command line for {@code args}: with only the subcommand they name when they name one, and
     * none for {@code --version}; with all of them otherwise, for help and for "did you mean".
     */
    static CommandLine commandLine(RootCommand root, String[] args) {
        return commandLine(root, subcommandsFor(args));
    }

    static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        if (args.length > 0) {
            for (Class<?> subcommand : RootCommand.SUBCOMMANDS) {
                if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(subcommand);
                }
            }
        }
        return RootCommand.SUBCOMMANDS;
    }

    private static CommandLine commandLine(RootCommand root, List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
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
