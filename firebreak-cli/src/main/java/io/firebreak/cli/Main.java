package io.firebreak.cli;

import io.firebreak.server.config.Redaction;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The {@code firebreak} command: parses, runs, and turns failures into messages and exit codes. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(new RootCommand.Version().getVersion()[0]);   // the same line picocli prints, without building a command line
            System.exit(ExitCode.OK);
        }
        prepareInBackground();
        int code = commandLine(new RootCommand(Environment.ofProcess(), out, err), args).execute(args);
        out.flush();
        err.flush();
        Database.awaitPrepared();   // a thread still loading a native library would hold the JVM's exit up
        System.exit(code);
    }

    /**
     * Starts, on a second core, what this thread would otherwise wait for later
     * ({@link Database#prepareInBackground}), while it builds the command line: JDK classes whose
     * initialisation the configuration's reading needs, {@code BigDecimal}'s tables of powers of ten
     * (Jackson's parsers refer to them) and the date format data of the US locale (Jackson's first
     * {@code ObjectMapper} makes a date format); then the store's classes. Each is a JDK class that
     * neither picocli nor Jackson initialise before the configuration is read.
     */
    static void prepareInBackground() {
        Database.prepareInBackground(List.of(() -> java.math.BigDecimal.valueOf(1),
                () -> new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX", java.util.Locale.US)));
    }

    /** A command line over {@code root} with every subcommand, with Firebreak's exit codes and error printing. */
    static CommandLine commandLine(RootCommand root) {
        return commandLine(root, (all, depth) -> all);
    }

    /**
     * A command line for {@code args}: of the subcommands, only the one they name when they name
     * one (and so on down), since picocli builds each command's model by reflection and the whole
     * tree costs more than most commands; all of them otherwise, for help and usage errors.
     */
    static CommandLine commandLine(RootCommand root, String[] args) {
        return commandLine(root, (all, depth) -> named(all, args, depth));
    }

    /** Which of a command's subcommands to build, {@code depth} words into the command line. */
    private interface Choice {
        List<RootCommand.Subcommand> of(List<RootCommand.Subcommand> all, int depth);
    }

    /** The subcommand named by {@code args[depth]}, or all of them when none is. */
    static List<RootCommand.Subcommand> named(List<RootCommand.Subcommand> all, String[] args, int depth) {
        if (args.length > depth) {
            for (RootCommand.Subcommand subcommand : all) {
                if (subcommand.name().equals(args[depth])) {
                    return List.of(subcommand);
                }
            }
        }
        return all;
    }

    private static CommandLine commandLine(RootCommand root, Choice choice) {
        CommandLine commandLine = new CommandLine(root);
        addSubcommands(commandLine, RootCommand.SUBCOMMANDS, choice, 0);
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

    private static void addSubcommands(CommandLine parent, List<RootCommand.Subcommand> all,
                                       Choice choice,
                                       int depth) {
        for (RootCommand.Subcommand subcommand : choice.of(all, depth)) {
            if (subcommand.children().isEmpty()) {
                parent.addSubcommand(subcommand.name(), subcommand.type());
            } else {
                CommandLine child = new CommandLine(subcommand.type());
                addSubcommands(child, subcommand.children(), choice, depth + 1);
                parent.addSubcommand(subcommand.name(), child);
            }
        }
    }
}
