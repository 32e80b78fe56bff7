package io.firebreak.server.recovery;

import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.Leases;
import java.util.Optional;

/** Builds the recovery-objective parts of a running service from its configuration. */
public final class Recovery {
    private Recovery() {}

    /** The probe reading backup sources, with the configured Prometheus for {@code prometheus} sources. */
    public static BackupProbe probe(LoadedConfig config) {
        var urls = config.config().prometheus().urls();
        return new BackupProbe(config.baseDir(), urls.isEmpty() ? Optional.empty() : Optional.of(PrometheusClient.forConfig(config, urls)));
    }

    public static BackupFreshnessModule freshnessModule(LoadedConfig config, io.firebreak.server.store.Database database, DetectionStore store,
                                                        Leases leases, String holder) {
        return new BackupFreshnessModule(BackupTargets.from(config.config()), probe(config), store,
                new io.firebreak.server.store.RecoveryStore(database), new Leadership(leases, BackupFreshnessModule.MODULE, holder, Leadership.MAX_TTL), BackupFreshnessModule.INTERVAL);
    }

    /** Scheduled restore verification ({@code verify.every}), on the leader of the {@value BackupVerifyModule#MODULE} lease. */
    public static BackupVerifyModule verifyModule(LoadedConfig config, io.firebreak.server.store.Database database, DetectionStore store,
                                                  Leases leases, String holder) {
        var recovery = new io.firebreak.server.store.RecoveryStore(database);
        return new BackupVerifyModule(BackupTargets.from(config.config()),
                new BackupVerifier(probe(config), recovery, config.baseDir(), System::nanoTime), recovery, store,
                new Leadership(leases, BackupVerifyModule.MODULE, holder, Leadership.MAX_TTL));
    }

    /** Reminders of overdue drills to their owners, on the leader of the {@value DrillReminderModule#MODULE} lease. */
    public static DrillReminderModule drillReminderModule(LoadedConfig config, io.firebreak.server.store.Database database,
                                                          io.firebreak.server.store.IncidentStore incidents, DetectionStore detection,
                                                          Leases leases, String holder, io.firebreak.core.escalation.OnCallLookup people) {
        return new DrillReminderModule(new Drills(config.config(), new io.firebreak.server.store.DrillStore(database),
                new io.firebreak.server.store.RecoveryStore(database)), new io.firebreak.server.store.DrillReminderStore(database, incidents),
                detection, io.firebreak.server.engine.EscalationPolicies.from(config.config()), people,
                new Leadership(leases, DrillReminderModule.MODULE, holder, Leadership.MAX_TTL));
    }

    /** The RTO clock; {@code people} answers who is on call (for the primary and the next escalation level). */
    public static RtoModule rtoModule(LoadedConfig config, io.firebreak.server.store.Database database,
                                      io.firebreak.server.store.IncidentStore incidents, Leases leases, String holder,
                                      io.firebreak.core.escalation.OnCallLookup people) {
        return new RtoModule(config.config(), new io.firebreak.server.store.RtoStore(database, incidents),
                new Leadership(leases, RtoModule.MODULE, holder, Leadership.MAX_TTL),
                new RtoRecipients(io.firebreak.server.engine.EscalationPolicies.from(config.config()), people));
    }
}
