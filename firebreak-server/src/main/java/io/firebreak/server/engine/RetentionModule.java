package io.firebreak.server.engine;

import io.firebreak.server.store.LeaseLostException;
import io.firebreak.server.store.RetentionStore;
import io.firebreak.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine module behind {@code storage.retention}: the leader of the {@value #MODULE} lease
 * deletes resolved incidents older than the retention, {@link #BATCH} per transaction and one
 * transaction per engine loop, so a backlog of years drains in small steps between the other
 * modules' work (the loop's own pause is the pause between batches) and no lock is held for long.
 * Once a pass finds less than a full batch it waits {@link #INTERVAL} before looking again.
 */
public final class RetentionModule {
    public static final String MODULE = "retention";
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    public static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RetentionModule.class);

    private final RetentionStore store;
    private final Optional<Duration> retention;
    private final Leadership leadership;
    private final int batch;
    private Instant nextRun = Instant.MIN;
    private long pruned;

    public RetentionModule(RetentionStore store, Optional<Duration> retention, Leadership leadership, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
        this.store = store;
        this.retention = retention;
        this.leadership = leadership;
        this.batch = batch;
    }

    /** Deletes at most one batch when a pass is due and this instance leads; returns how many incidents went. */
    public synchronized int runDue(Instant now) {
        if (retention.isEmpty()) {
            return 0;
        }
        OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("retention skipped: {}", e.getMessage());
            return 0;
        }
        if (term.isEmpty()) {
            return 0;
        }
        if (leadership.tookOver()) {
            nextRun = Instant.MIN;   // what another leader left is in the store: look at once
        }
        if (now.isBefore(nextRun) && !now.isBefore(nextRun.minus(INTERVAL))) {
            return 0;   // (a clock that jumped back by more than the interval runs at once)
        }
        Instant cutoff = now.minus(retention.get());
        int deleted;
        try {
            deleted = store.prune(cutoff, batch, leadership.fence(term.getAsLong(), now));
        } catch (LeaseLostException e) {
            leadership.lost();
            LOG.warn("retention: lost the {} lease", MODULE);
            return 0;
        } catch (StoreException e) {
            LOG.warn("retention: cannot prune incidents: {}", e.getMessage());
            nextRun = now.plus(INTERVAL);
            return 0;
        }
        pruned += deleted;
        if (deleted < batch) {
            nextRun = now.plus(INTERVAL);
            if (pruned > 0) {
                LOG.info("retention: deleted {} incidents resolved before {}", pruned, cutoff);
                pruned = 0;
            }
        } else {
            nextRun = Instant.MIN;   // a full batch: more may wait, take the next one on the next loop
        }
        return deleted;
    }

    /** Gives up the lease at shutdown. */
    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            // the lease runs out by itself
        }
    }
}
