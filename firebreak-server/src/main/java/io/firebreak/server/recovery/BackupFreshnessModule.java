package io.firebreak.server.recovery;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.recovery.Freshness;
import io.firebreak.core.recovery.TierSeverity;
import io.firebreak.core.time.Durations;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.RecoveryStore;
import io.firebreak.server.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine module that holds each backup to its RPO: every {@link #INTERVAL} the leader of the
 * {@value #MODULE} lease reads each source; a backup older than its RPO, or one whose source cannot be read,
 * has an open incident (one per backup, severity from its tier), and a fresh one resolves it. The incident's
 * existence lives in the store, so a new leader continues where the old one stopped. Each reading is stored
 * too, with this instance's id, so every instance (a standby included) shows the ages the leader measured.
 */
public final class BackupFreshnessModule {
    public static final String MODULE = "backup-freshness";
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(BackupFreshnessModule.class);

    private final BackupTargets targets;
    private final BackupProbe probe;
    private final DetectionStore store;
    private final RecoveryStore readings;
    private final Leadership leadership;
    private final Duration interval;
    private Instant lastRun = Instant.MIN;
    private volatile Map<String, Freshness> latest = Map.of();

    public BackupFreshnessModule(BackupTargets targets, BackupProbe probe, DetectionStore store, RecoveryStore readings, Leadership leadership,
                                 Duration interval) {
        this.targets = targets;
        this.probe = probe;
        this.store = store;
        this.readings = readings;
        this.leadership = leadership;
        this.interval = interval;
    }

    /** Checks every backup when a check is due and this instance leads; returns the incidents opened or resolved. */
    public synchronized List<IncidentChange> runDue(Instant now) {
        if (targets.targets().isEmpty()) {
            return List.of();
        }
        OptionalLong term;
        try {
            term = leadership.lead(now);
        } catch (StoreException e) {
            LOG.warn("backup freshness skipped: {}", e.getMessage());
            return List.of();
        }
        if (term.isEmpty()) {
            return List.of();
        }
        if (leadership.tookOver()) {
            lastRun = Instant.MIN;   // a new term checks at once; open incidents are found in the store
        }
        if (!lastRun.equals(Instant.MIN) && now.isBefore(lastRun.plus(interval)) && !now.isBefore(lastRun)) {
            return List.of();
        }
        lastRun = now;
        return checkAll(now, term.getAsLong());
    }

    private List<IncidentChange> checkAll(Instant now, long term) {
        List<IncidentChange> changes = new ArrayList<>();
        Map<String, Freshness> seen = new LinkedHashMap<>();
        for (BackupTargets.Target target : targets.targets()) {
            Freshness freshness = probe.check(target, now);
            seen.put(target.name(), freshness);
            try {
                var fence = leadership.fence(term, now);
                if (freshness.state() == Freshness.State.FRESH) {
                    store.ensureResolved(target.groupKey(), "Backup " + target.name() + " is fresh again ("
                            + age(freshness, now) + " old, RPO " + Durations.format(target.rpo()) + ")", now, fence).ifPresent(changes::add);
                } else {
                    if (freshness.state() == Freshness.State.UNHEALTHY) {
                        LOG.warn("backup {}: source unhealthy: {}", target.name(), freshness.detail());
                    }
                    store.ensureOpen(target.groupKey(), incident(target, freshness, now), now, fence).ifPresent(changes::add);
                }
            } catch (io.firebreak.server.store.LeaseLostException e) {
                leadership.lost();
                LOG.warn("backup freshness: lost the {} lease", MODULE);
                break;
            } catch (StoreException e) {
                LOG.warn("backup {}: cannot record its freshness: {}", target.name(), e.getMessage());
            }
        }
        latest = Map.copyOf(seen);
        try {
            readings.recordReadings(seen, now, leadership.holder(), leadership.fence(term, now));
        } catch (io.firebreak.server.store.LeaseLostException e) {
            leadership.lost();
        } catch (StoreException e) {
            LOG.warn("backup freshness: cannot store the readings: {}", e.getMessage());
        }
        return changes;
    }

    /** The last reading of each backup on this instance (empty before the first check, and on a standby: read the store). */
    public Map<String, Freshness> latest() {
        return latest;
    }

    /** Gives up the lease at shutdown. */
    public void releaseLeadership() {
        try {
            leadership.release();
        } catch (StoreException e) {
            // the lease runs out by itself
        }
    }

    static NewIncident incident(BackupTargets.Target target, Freshness freshness, Instant now) {
        String title = freshness.state() == Freshness.State.STALE
                ? "Backup " + target.name() + " is " + age(freshness, now) + " old, RPO " + Durations.format(target.rpo())
                : "Backup " + target.name() + " cannot be checked: " + freshness.detail();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", freshness.state() == Freshness.State.STALE ? "BackupOlderThanRpo" : "BackupSourceUnhealthy");
        labels.put("backup", target.name());
        if (target.tierNumber() > 0) {
            labels.put("tier", Integer.toString(target.tierNumber()));
        }
        return new NewIncident(title.length() > 300 ? title.substring(0, 300) + "…" : title, TierSeverity.of(target.tierNumber()),
                target.backup().service().isEmpty() ? "firebreak" : target.backup().service(), "firebreak:backup", labels, "",
                freshness.newest().map(newest -> newest.plus(target.rpo())).filter(breach -> breach.isBefore(now)).orElse(now));
    }

    static String age(Freshness freshness, Instant now) {
        return freshness.age(now).map(age -> Durations.format(age.withNanos(0))).orElse("unknown");
    }
}
