package io.firebreak.server.recovery;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.recovery.TierSeverity;
import io.firebreak.core.time.Durations;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.LeaseLostException;
import io.firebreak.server.store.RecoveryStore;
import io.firebreak.server.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled restore verification ({@code backups[].verify.every}), on the one instance that leads the
 * {@value #MODULE} lease: a backup is due {@code every} after its last verification (of any trigger, as
 * recorded in the store, so a new leader keeps the schedule). A restore can take minutes, so it runs on
 * this module's own thread, one at a time, while the engine loop goes on (and keeps renewing the lease);
 * the loop collects the outcome. A failed verification opens an incident (severity from the tier), which
 * notifies through the routes and the outbox like any other; the next passed one resolves it.
 */
public final class BackupVerifyModule implements AutoCloseable {
    public static final String MODULE = "backup-verify";
    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifyModule.class);

    private final List<BackupTargets.Target> scheduled;
    private final BackupVerifier verifier;
    private final RecoveryStore store;
    private final DetectionStore incidents;
    private final Leadership leadership;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("firebreak-backup-verify").daemon()
            .factory());
    private Optional<CompletableFuture<RecoveryStore.Verification>> running = Optional.empty();
    private final Map<String, Instant> lastStarted = new LinkedHashMap<>();

    public BackupVerifyModule(BackupTargets targets, BackupVerifier verifier, RecoveryStore store, DetectionStore incidents, Leadership leadership) {
        this.scheduled = targets.targets().stream()
                .filter(target -> target.backup().verification().map(verify -> verify.every() != null).orElse(false)).toList();
        this.verifier = verifier;
        this.store = store;
        this.incidents = incidents;
        this.leadership = leadership;
    }

    /** The incident group of a backup's failed verifications. */
    public static String groupKey(String backup) {
        return "firebreak:verify:" + backup;
    }

    /**
     * Collects a finished verification (returning the incident it opened or resolved), then starts the next
     * due one when none runs. Does nothing on an instance that does not lead.
     */
    public synchronized List<IncidentChange> runDue(Instant now) {
        if (scheduled.isEmpty()) {
            return List.of();
        }
        OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("backup verification skipped: {}", e.getMessage());
            return List.of();
        }
        if (term.isEmpty()) {
            return List.of();
        }
        List<IncidentChange> changes = new ArrayList<>();
        try {
            if (running.isPresent() && running.get().isDone()) {
                RecoveryStore.Verification done = running.get().join();
                running = Optional.empty();
                outcome(done, now, term.getAsLong()).ifPresent(changes::add);
            }
            if (leadership.tookOver()) {
                lastStarted.clear();   // a new term reads the schedule from the store
            }
            if (running.isEmpty()) {
                due(now).ifPresent(target -> {
                    lastStarted.put(target.name(), now);
                    LOG.info("verifying backup {} (every {})", target.name(), Durations.format(target.backup().verify().every()));
                    running = Optional.of(CompletableFuture.supplyAsync(() -> verifier.verify(target, now, "schedule"), worker));
                });
            }
        } catch (LeaseLostException e) {
            leadership.lost();
        } catch (StoreException e) {
            LOG.warn("backup verification: {}", e.getMessage());
        } catch (java.util.concurrent.CompletionException e) {
            running = Optional.empty();
            LOG.warn("backup verification could not be recorded: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        return changes;
    }

    /** Whether a verification runs now (tests wait for it). */
    public synchronized boolean busy() {
        return running.isPresent() && !running.get().isDone();
    }

    private Optional<BackupTargets.Target> due(Instant now) {
        for (BackupTargets.Target target : scheduled) {
            Optional<Instant> last = Optional.ofNullable(lastStarted.get(target.name()))
                    .or(() -> store.verifications(Optional.of(target.name()), 1).stream().findFirst().map(RecoveryStore.Verification::started));
            if (last.isEmpty() || !now.isBefore(last.get().plus(target.backup().verify().every())) || now.isBefore(last.get())) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }

    private Optional<IncidentChange> outcome(RecoveryStore.Verification verification, Instant now, long term) {
        BackupTargets.Target target = scheduled.stream().filter(t -> t.name().equals(verification.backup())).findFirst().orElseThrow();
        var fence = leadership.fence(term, now);
        if (verification.passed()) {
            return incidents.ensureResolved(groupKey(target.name()), "Restore verification of " + target.name() + " passed in "
                    + Durations.format(verification.duration().withNanos(0)) + " (" + verification.id() + ")", now, fence);
        }
        LOG.warn("backup {}: restore verification failed: {}", target.name(), verification.reason());
        String title = "Restore verification of " + target.name() + " failed: " + verification.reason();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "BackupRestoreFailed");
        labels.put("backup", target.name());
        labels.put("verification", verification.id());
        if (target.tierNumber() > 0) {
            labels.put("tier", Integer.toString(target.tierNumber()));
        }
        return incidents.ensureOpen(groupKey(target.name()), new NewIncident(title.length() > 300 ? title.substring(0, 300) + "…" : title,
                TierSeverity.of(target.tierNumber()), target.backup().service().isEmpty() ? "firebreak" : target.backup().service(),
                "firebreak:backup-verify", labels, "", now), now, fence);
    }

    /** Gives up the lease at shutdown. */
    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            // the lease runs out by itself
        }
    }

    /** Stops the worker; a restore still running is interrupted (its cleanup may not run). */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
