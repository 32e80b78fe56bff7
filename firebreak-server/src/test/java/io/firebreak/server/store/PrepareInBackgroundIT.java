package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#prepareInBackground}, the warm-up one-shot commands start on a second core: a
 * store's open waits for the step it is in, the steps after it do not run, and a warm-up whose
 * step fails leaves the open to work (and to report what is wrong) as it would without one.
 */
class PrepareInBackgroundIT {
    @TempDir
    Path dir;

    private StorageConfig sqlite() {
        return new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), "", new Secret(""), 2);
    }

    @Test
    void anOpenWaitsForTheCurrentStepAndStopsTheRest() throws Exception {
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean nextRan = new AtomicBoolean();
        Database.prepareInBackground(List.of(() -> {
            inStep.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> nextRan.set(true)));
        assertThat(inStep.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Integer> opened = CompletableFuture.supplyAsync(() -> {
            try (Database database = Database.openForCommand(sqlite())) {
                return new IncidentStore(database).list(IncidentQuery.all()).size();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Database.awaitRequested() && System.nanoTime() < deadline) {
            Thread.sleep(10);   // polling a real thread for a bounded time: the open has reached the wait
        }
        assertThat(Database.awaitRequested()).isTrue();
        Thread.sleep(100);
        assertThat(opened).isNotDone();   // it waits for the step in progress
        release.countDown();
        assertThat(opened.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(nextRan).isFalse();
    }

    @Test
    void aWarmUpThatFailsChangesNothingForTheOpen() {
        Database.prepareInBackground(List.of(() -> {
            throw new IllegalStateException("a step that fails");
        }));
        Database.awaitPrepared();
        try (Database database = Database.openForCommand(sqlite())) {
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).isEmpty();
        }
    }

    @Test
    void aWholeWarmUpLeavesTheStoreToOpenAsWithoutOne() throws Exception {
        Database.prepareInBackground(List.of());
        Thread.sleep(50);
        try (Database database = Database.openForCommand(sqlite())) {
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).isEmpty();
        }
        Database.awaitPrepared();   // at exit: returns at once once it has ended
    }
}
