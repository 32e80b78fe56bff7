package io.firebreak.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.rule.AlertState;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import io.firebreak.server.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the evaluating instance, with real processes in real time: the standby takes over
 * within two intervals, from the stored state, so the pending alert's hold timer is not reset.
 */
class KillLeaderIT {
    @Test
    void theStandbyTakesOverFromTheStoredHoldTimerAfterTheLeaderIsKilled() throws Exception {
        var postgres = TestPostgres.get();
        var storage = postgres.newDatabase();
        try (Database database = Database.open(storage)) {
            Process leader = start(storage.url(), postgres, "leader");
            Process standby = null;
            try {
                String evaluated = await(leader, "EVALUATED");
                assertThat(evaluated).startsWith("EVALUATED");
                var pending = new DetectionStore(database).loadStates().get("queue_stuck").instances().values().iterator().next();
                assertThat(pending.state()).isEqualTo(AlertState.PENDING);
                Instant pendingSince = pending.activeSince();

                standby = start(storage.url(), postgres, "standby");
                assertThat(await(standby, "STANDBY")).startsWith("STANDBY");

                leader.destroyForcibly();                       // kill -9: the lease is never given back
                assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Instant killed = Instant.now();

                // The standby takes the lease within two intervals and fires 6 s after the alert first
                // went pending under the old leader, not 6 s after the takeover.
                var incidents = new IncidentStore(database);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (incidents.list(IncidentQuery.all()).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                var lease = new Leases(database).list().stream().filter(l -> l.module().equals(DetectionEngine.MODULE)).findFirst().orElseThrow();
                assertThat(lease.holder()).isEqualTo("standby");
                assertThat(lease.renewed()).isBefore(Instant.now().plusSeconds(1));
                assertThat(incidents.list(IncidentQuery.all())).singleElement().satisfies(incident -> {
                    assertThat(incident.impactStarted()).isEqualTo(pendingSince);
                    assertThat(Duration.between(pendingSince, incident.detected()))
                            .as("fired on the stored timer (6 s hold), not on a timer restarted at the takeover")
                            .isLessThan(Duration.ofSeconds(6).plus(DetectProcess.INTERVAL.multipliedBy(2)));
                });
                assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(30));
            } finally {
                leader.destroyForcibly();
                if (standby != null) {
                    standby.destroyForcibly();
                    standby.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Process start(String url, TestPostgres postgres, String holder) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DetectProcess.class.getName(), url,
                postgres.user(), postgres.password(), holder)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The first stdout line of {@code process} that starts with {@code word}, within 30 s. */
    private static String await(Process process, String word) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
        var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                String next;
                while ((next = reader.readLine()) != null) {
                    if (next.startsWith(word)) {
                        return next;
                    }
                }
                return "process ended without " + word;
            } catch (java.io.IOException e) {
                return "unreadable: " + e;
            }
        });
        return line.get(30, TimeUnit.SECONDS);
    }
}
