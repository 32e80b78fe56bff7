package io.firebreak.cli;

import io.firebreak.server.testing.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command tree in-process with a moved clock, a given working directory and environment. */
final class CliRunner {
    final MutableClock clock;
    final Path workingDir;
    final Map<String, String> env = new HashMap<>();

    record Result(int code, String out, String err) {}

    CliRunner(Path workingDir, Instant start) {
        this.workingDir = workingDir;
        this.clock = new MutableClock(start);
        env.put("FIREBREAK_USER", "tester");
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var root = new RootCommand(new Environment(env::get, workingDir, clock), new PrintWriter(out, true), new PrintWriter(err, true));
        int code = Main.commandLine(root, args).execute(args);   // as main does: only the named branch of the tree
        return new Result(code, out.toString(), err.toString());
    }
}
