package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two separate processes declaring incidents at the same moment on one PostgreSQL never share an id. */
class CrossProcessIdIT {

    @Test
    void twoProcessesCreatingAtTheSameMomentNeverGetTheSameId() throws Exception {
        var postgres = TestPostgres.get();
        var storage = postgres.newDatabase();
        try (Database database = Database.open(storage)) {
            // migrate once up front so both processes start from the same schema
        }
        int perProcess = 150;
        Path start = java.nio.file.Files.createTempDirectory("race").resolve("go");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    OpenIncidentsProcess.class.getName(), storage.url(), postgres.user(), postgres.password(),
                    Integer.toString(perProcess), start.toString(), "2026-11-28T04:00:00Z")
                    .start());
        }
        for (Process process : processes) {
            var stderr = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream()));
            String line;
            while ((line = stderr.readLine()) != null && !line.equals("READY")) {
                System.err.println(line);
            }
            assertThat(line).as("process says READY").isEqualTo("READY");
            CompletableFuture.runAsync(() -> stderr.lines().forEach(System.err::println));
        }
        java.nio.file.Files.createFile(start);
        List<CompletableFuture<String>> outputs = processes.stream()
                .map(process -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(process.getInputStream().readAllBytes());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .toList();
        List<String> all = new ArrayList<>();
        List<List<String>> perProcessIds = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            assertThat(processes.get(p).waitFor(120, TimeUnit.SECONDS)).as("process %d finished", p).isTrue();
            assertThat(processes.get(p).exitValue()).as("process %d exit code", p).isZero();
            List<String> ids = outputs.get(p).get().lines().toList();
            assertThat(ids).as("ids from process %d", p).hasSize(perProcess);
            all.addAll(ids);
            perProcessIds.add(ids);
        }
        Set<String> distinct = new HashSet<>(all);
        assertThat(distinct).hasSize(2 * perProcess);
        assertThat(distinct).contains("INC-20261128-001", "INC-20261128-300");
        // They really raced: the numbers of the two processes interleave instead of forming two blocks.
        boolean interleaved = false;
        for (List<String> ids : perProcessIds) {
            int first = Integer.parseInt(ids.get(0).substring(13));
            int last = Integer.parseInt(ids.get(ids.size() - 1).substring(13));
            interleaved |= last - first + 1 > perProcess;
        }
        assertThat(interleaved).as("the two processes created incidents at the same time").isTrue();
    }
}
