package io.firebreak.server.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One run of an operator's command (a restore, a cleanup): its exit code and the last of its output, with a
 * timeout after which it and its children are killed. Output is read concurrently so a chatty command cannot block.
 */
record ProcessRun(int exitCode, String stdout, String stderr, boolean timedOut, String startFailure) {
    private static final int KEEP = 64 * 1024;

    boolean succeeded() {
        return startFailure.isEmpty() && !timedOut && exitCode == 0;
    }

    /** Why it did not succeed, for a person: the exit code and the last line it printed on stderr (or stdout). */
    String failure(String what) {
        if (!startFailure.isEmpty()) {
            return "cannot start " + what + ": " + startFailure;
        }
        if (timedOut) {
            return what + " did not finish in time and was stopped";
        }
        String tail = lastLine(stderr.isBlank() ? stdout : stderr);
        return what + " exited with " + exitCode + (tail.isEmpty() ? "" : ": " + tail);
    }

    static String lastLine(String text) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String last = lines.getLast().strip();
        return last.length() > 300 ? last.substring(0, 300) + "…" : last;
    }

    static ProcessRun run(List<String> command, Map<String, String> environment, Path dir, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProcessRun(-1, "", "", false, e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new ProcessRun(-1, "", "", true, "");
            }
            return new ProcessRun(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS), false, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new ProcessRun(-1, "", "", false, "interrupted");
        } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
            return new ProcessRun(process.isAlive() ? -1 : process.exitValue(), "", "", false, "output unreadable: " + e.getMessage());
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            byte[] bytes = stream.readAllBytes();
            int from = Math.max(0, bytes.length - KEEP);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
