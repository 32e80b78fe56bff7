package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.ConfigLoader;
import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.EscalationTargets;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.notify.Notifications;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.DrillStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.RecoveryStore;
import io.firebreak.server.testing.MutableClock;
import io.firebreak.server.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery modules that run on a schedule inside {@code firebreak run}, on a real PostgreSQL store with a
 * mutable clock: restore verification every {@code verify.every} on the leader of "backup-verify" only (a
 * failure opens an incident that notifies through the outbox, a pass resolves it), and reminders of overdue
 * drills to their owner, once per overdue period.
 */
class RecoveryScheduleIT {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path dir;

    private LoadedConfig load(String yaml) throws Exception {
        Path file = dir.resolve("firebreak.yml");
        Files.writeString(file, yaml);
        var result = new ConfigLoader(name -> null, dir).loadFile(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigLoader.Result.Loaded.class);
        return ((ConfigLoader.Result.Loaded) result).config();
    }

    @Test
    void verificationRunsOnItsScheduleOnTheLeaderOnly_aFailureNotifiesAndTheNextPassResolves() throws Exception {
        StorageConfig storage = TestPostgres.get().newDatabase();
        Files.createDirectories(dir.resolve("backups"));
        Path dump = dir.resolve("backups/db.dump");
        Files.writeString(dump, "good");
        LoadedConfig config = load("""
                tiers:
                  - {tier: 2, name: high, rto: 4h, rpo: 1h}
                channels:
                  - {name: hook, type: webhook, url: "http://127.0.0.1:9/hook"}
                routes:
                  - {channels: [hook], events: [opened, resolved]}
                backups:
                  - name: db
                    tier: 2
                    source: {type: file, path: backups/*.dump}
                    verify:
                      restore: ["sh", "-c", "test \\"$(cat \\"$FIREBREAK_BACKUP_FILE\\")\\" = good || { echo truncated dump >&2; exit 4; }"]
                      database: {url: "%s", username: "%s", password: "%s"}
                      checks: [{sql: "select count(*) from incidents", expect: ">= 0"}]
                      every: 1h
                drills:
                  - {name: backup-validation, every: 1d, owner: alice, done_by: "verify:db"}
                """.formatted(storage.url(), TestPostgres.get().user(), TestPostgres.get().password()));
        MutableClock clock = new MutableClock(T0);
        try (Database database = Database.open(storage)) {
            IncidentStore incidents = new IncidentStore(database, Notifications.from(config.config(), new PrintWriter(new StringWriter())).outbox());
            DetectionStore detection = new DetectionStore(database, incidents);
            RecoveryStore recovery = new RecoveryStore(database);
            try (BackupVerifyModule leader = Recovery.verifyModule(config, database, detection, new Leases(database), "leader");
                 BackupVerifyModule standby = Recovery.verifyModule(config, database, detection, new Leases(database), "standby")) {
                assertThat(run(leader, clock.instant())).isEmpty();
                assertThat(run(standby, clock.instant())).as("the standby neither verifies nor collects").isEmpty();
                List<RecoveryStore.Verification> first = recovery.verifications(Optional.of("db"), 10);
                assertThat(first).singleElement().satisfies(verification -> {
                    assertThat(verification.passed()).as(verification.reason()).isTrue();
                    assertThat(verification.trigger()).isEqualTo("schedule");
                    assertThat(verification.started()).isEqualTo(T0);
                    assertThat(verification.duration()).isPositive();
                    assertThat(verification.checks()).singleElement().satisfies(check -> assertThat(check.passed()).isTrue());
                });

                Drills calendar = new Drills(config.config(), new DrillStore(database), recovery);
                assertThat(calendar.calendar(clock.instant())).as("a passed verification counts as the drill").singleElement().satisfies(entry -> {
                    assertThat(entry.lastRun()).contains(T0);
                    assertThat(entry.lastPassed()).contains(true);
                    assertThat(entry.nextDue()).contains(T0.plus(Duration.ofDays(1)));
                    assertThat(entry.overdue()).isFalse();
                });

                clock.advance(Duration.ofMinutes(59));
                assertThat(run(leader, clock.instant())).isEmpty();
                assertThat(recovery.verifications(Optional.of("db"), 10)).as("not due before an hour").hasSize(1);

                Files.writeString(dump, "goo");
                clock.advance(Duration.ofMinutes(1));
                List<IncidentChange> failed = run(leader, clock.instant());
                assertThat(failed).singleElement().satisfies(change -> {
                    assertThat(change.kind()).isEqualTo(IncidentChange.Kind.OPENED);
                    assertThat(change.incident().title()).isEqualTo("Restore verification of db failed: restore exited with 4: truncated dump");
                    assertThat(change.incident().severity()).isEqualTo(Severity.HIGH);
                });
                String incidentId = failed.getFirst().incident().id();
                assertThat(new OutboxStore(database).list(Optional.of(incidentId), false, 10)).extracting(OutboxRow::channel, OutboxRow::event)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("hook", "opened"));
                assertThat(recovery.verifications(Optional.of("db"), 10).getFirst().passed()).isFalse();
                assertThat(calendar.calendar(clock.instant()).getFirst()).as("a failed one is the last run but does not move the due date")
                        .satisfies(entry -> {
                            assertThat(entry.lastPassed()).contains(false);
                            assertThat(entry.nextDue()).contains(T0.plus(Duration.ofDays(1)));
                        });

                Files.writeString(dump, "good");
                clock.advance(Duration.ofHours(1));
                assertThat(run(leader, clock.instant())).singleElement().satisfies(change -> {
                    assertThat(change.kind()).isEqualTo(IncidentChange.Kind.RESOLVED);
                    assertThat(change.incident().id()).isEqualTo(incidentId);
                });
                assertThat(recovery.verifications(Optional.of("db"), 10)).extracting(RecoveryStore.Verification::passed)
                        .containsExactly(true, false, true);
            }
        }
    }

    /** One scheduling pass, then (when it started a verification) waits for it and collects it with a second pass at the same time. */
    private static List<IncidentChange> run(BackupVerifyModule module, Instant now) throws InterruptedException {
        List<IncidentChange> changes = new ArrayList<>(module.runDue(now));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (module.busy() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        changes.addAll(module.runDue(now));
        return changes;
    }

    @Test
    void anOverdueDrillRemindsItsOwnerOncePerOverduePeriodAndResolvesWhenDone() throws Exception {
        StorageConfig storage = TestPostgres.get().newDatabase();
        LoadedConfig config = load("""
                people:
                  - {name: alice, slack: U0ALICE}
                channels:
                  - {name: slack-oncall, type: slack, url: "http://127.0.0.1:9/slack"}
                escalation_policies:
                  - {name: ops, page_channels: [slack-oncall], steps: [{targets: ["person:alice"]}]}
                drills:
                  - {name: restore-test, every: 1w, owner: alice}
                """);
        MutableClock clock = new MutableClock(T0);
        try (Database database = Database.open(storage)) {
            IncidentStore incidents = new IncidentStore(database, Notifications.from(config.config(), new PrintWriter(new StringWriter())).outbox());
            DetectionStore detection = new DetectionStore(database, incidents);
            DrillStore drills = new DrillStore(database);
            var module = Recovery.drillReminderModule(config, database, incidents, detection, new Leases(database), "leader",
                    EscalationTargets.fromConfig(config.config(), EscalationTargets.Schedules.NONE));

            assertThat(module.runDue(clock.instant())).isEqualTo(1);
            Incident reminder = drillIncident(incidents);
            assertThat(reminder.title()).isEqualTo("Drill restore-test is overdue (never done)");
            assertThat(reminder.severity()).isEqualTo(Severity.LOW);
            assertThat(incidents.timeline(reminder.id())).anySatisfy(event -> assertThat(event.message()).isEqualTo(
                    "Reminder for alice: drill restore-test is overdue (never done, every 7d). "
                            + "Record it with: firebreak drill record restore-test --result pass"));
            List<OutboxRow> pages = new OutboxStore(database).list(Optional.of(reminder.id()), false, 10).stream()
                    .filter(row -> row.event().equals("page")).toList();
            assertThat(pages).singleElement().satisfies(row -> {
                assertThat(row.channel()).isEqualTo("slack-oncall");
                assertThat(row.recipient()).hasValueSatisfying(contact -> assertThat(contact.slack()).isEqualTo("U0ALICE"));
            });

            for (int minute = 1; minute <= 5; minute++) {
                clock.advance(Duration.ofMinutes(1));
                assertThat(module.runDue(clock.instant())).as("no second reminder for the same period").isZero();
            }
            var other = Recovery.drillReminderModule(config, database, incidents, detection, new Leases(database), "other",
                    EscalationTargets.fromConfig(config.config(), EscalationTargets.Schedules.NONE));
            module.releaseLeadership();
            assertThat(other.runDue(clock.instant())).as("nor from a new leader").isZero();
            other.releaseLeadership();

            drills.record("restore-test", true, Optional.of(Duration.ofMinutes(40)), "restored into scratch", "alice", "record", clock.instant());
            clock.advance(Duration.ofMinutes(1));
            assertThat(module.runDue(clock.instant())).isZero();
            assertThat(incidents.find(reminder.id()).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);

            clock.advance(Duration.ofDays(7).plusMinutes(1));
            assertThat(module.runDue(clock.instant())).as("overdue again a week later: a new period, a new reminder").isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(module.runDue(clock.instant())).isZero();
            assertThat(incidents.list(IncidentQuery.all()).stream().filter(i -> i.status().isOpen()).toList()).hasSize(1);
        }
    }

    private static Incident drillIncident(IncidentStore incidents) {
        return incidents.list(IncidentQuery.all()).stream().filter(i -> i.labels().getOrDefault("alertname", "").equals("DrillOverdue"))
                .filter(i -> i.status().isOpen()).findFirst().orElseThrow();
    }
}
