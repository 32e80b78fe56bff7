package io.firebreak.server.ingest;

import io.firebreak.core.alert.ExternalAlert;
import io.firebreak.server.store.AlertStore;
import io.firebreak.server.store.IncidentChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit for ingestion: concurrent requests hand their alerts to one writer thread, which
 * stores everything queued so far in one transaction and then answers every request in it. A
 * request's future completes only after its alerts are committed, so a 2xx always means stored.
 * When a shared transaction fails, each request of it is tried on its own, so one bad request
 * cannot fail the others.
 */
public final class IngestWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestWriter.class);
    /** At most this many alerts in one transaction. */
    static final int MAX_ALERTS_PER_COMMIT = 2_000;

    private record Request(AlertStore.Batch batch, CompletableFuture<List<IncidentChange>> done) {}

    private final AlertStore store;
    private final Clock clock;
    private final Consumer<List<IncidentChange>> onChanges;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean running = true;

    public IngestWriter(AlertStore store, Clock clock, Consumer<List<IncidentChange>> onChanges) {
        this.store = store;
        this.clock = clock;
        this.onChanges = onChanges;
        this.writer = Thread.ofPlatform().name("firebreak-ingest").daemon().start(this::run);
    }

    /** Queues alerts for the next commit; the future completes when they are stored, or fails. */
    public CompletableFuture<List<IncidentChange>> submit(List<ExternalAlert> alerts, String actor) {
        CompletableFuture<List<IncidentChange>> done = new CompletableFuture<>();
        if (alerts.isEmpty()) {
            done.complete(List.of());
            return done;
        }
        if (!running || !queue.offer(new Request(new AlertStore.Batch(alerts, actor), done))) {
            done.completeExceptionally(new IllegalStateException(running ? "ingestion queue is full" : "shutting down"));
        }
        return done;
    }

    private void run() {
        List<Request> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int alerts = first.batch().alerts().size();
                Request next;
                while (alerts < MAX_ALERTS_PER_COMMIT && (next = queue.poll()) != null) {
                    group.add(next);
                    alerts += next.batch().alerts().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("ingestion writer failed", e);
                group.forEach(r -> r.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        Request left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("shutting down"));
        }
    }

    private void commit(List<Request> group) {
        try {
            List<IncidentChange> changes = store.apply(group.stream().map(Request::batch).toList(), clock.instant());
            group.forEach(r -> r.done().complete(List.of()));
            publish(changes);
            return;
        } catch (RuntimeException e) {
            LOG.warn("storing {} ingestion request(s) failed: {}", group.size(), e.toString(), e);
            if (group.size() == 1) {
                group.get(0).done().completeExceptionally(e);
                return;
            }
        }
        for (Request request : group) {
            try {
                List<IncidentChange> changes = store.apply(List.of(request.batch()), clock.instant());
                request.done().complete(changes);
                publish(changes);
            } catch (RuntimeException e) {
                request.done().completeExceptionally(e);
            }
        }
    }

    private void publish(List<IncidentChange> changes) {
        if (!changes.isEmpty()) {
            try {
                onChanges.accept(changes);
            } catch (RuntimeException e) {
                LOG.warn("incident change listener failed", e);
            }
        }
    }

    /** Stops taking requests, stores what is queued, and stops the writer. */
    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(10));
    }

    /** {@link #close()}, waiting at most {@code grace} for the writer to store what is queued. */
    public void close(java.time.Duration grace) {
        running = false;
        try {
            writer.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
