package io.firebreak.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.ProcedureConfig;
import io.firebreak.server.store.ChecklistStore;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's database-loss procedure run as a checklist to its end: planned and actual time per step and in total. */
class ChecklistPostgresIT {
    static final ProcedureConfig DATABASE_LOSS = new ProcedureConfig("database-loss", "Database loss", List.of(
            new ProcedureConfig.Step("Assess damage", Duration.ofMinutes(5)),
            new ProcedureConfig.Step("Prepare environment", Duration.ofMinutes(10)),
            new ProcedureConfig.Step("Restore latest backup", Duration.ofMinutes(20)),
            new ProcedureConfig.Step("Apply WAL archives", Duration.ofMinutes(15)),
            new ProcedureConfig.Step("Validate", Duration.ofMinutes(10))));

    @Test
    void aChecklistRunToItsEndRecordsPlannedAndActualTimesPerStep() {
        try (Database database = Database.open(TestPostgres.get().newDatabase())) {
            IncidentStore incidents = new IncidentStore(database);
            ChecklistStore checklists = new ChecklistStore(database, incidents);
            Instant t = Instant.parse("2026-11-29T10:00:00Z");
            String id = incidents.open(NewIncident.manual("Database lost", Severity.CRITICAL, "agente-api"), "alice", t).id();

            assertThat(checklists.next(id, "", "alice", t)).isInstanceOf(ChecklistStore.Outcome.Refused.class);
            assertThat(checklists.start("INC-20000101-001", DATABASE_LOSS, "alice", t)).isEqualTo(
                    new ChecklistStore.Outcome.Refused("no incident INC-20000101-001"));
            assertThat(checklists.start(id, DATABASE_LOSS, "alice", t.plusSeconds(60))).isInstanceOf(ChecklistStore.Outcome.Done.class);
            assertThat(checklists.start(id, DATABASE_LOSS, "alice", t.plusSeconds(60))).isEqualTo(
                    new ChecklistStore.Outcome.Refused(id + " already runs procedure 'database-loss'"));

            Instant now = t.plusSeconds(60);
            int[] actualMinutes = {6, 9, 25, 15, 12};
            for (int minutes : actualMinutes) {
                now = now.plus(Duration.ofMinutes(minutes));
                assertThat(checklists.next(id, minutes == 25 ? "restore slower than planned" : "", "bob", now))
                        .isInstanceOf(ChecklistStore.Outcome.Done.class);
            }
            assertThat(checklists.next(id, "", "bob", now)).isEqualTo(
                    new ChecklistStore.Outcome.Refused("procedure 'database-loss' on " + id + " is already complete"));

            List<ChecklistStore.Step> steps = checklists.steps(id);
            assertThat(steps).extracting(s -> s.actual(Instant.MAX).orElseThrow().toMinutes()).containsExactly(6L, 9L, 25L, 15L, 12L);
            assertThat(steps).extracting(s -> s.planned().toMinutes()).containsExactly(5L, 10L, 20L, 15L, 10L);
            assertThat(steps.get(2).note()).isEqualTo("restore slower than planned");

            List<String> timeline = incidents.timeline(id).stream().filter(e -> e.type() == EventType.RECOVERY_STEP)
                    .map(IncidentEvent::message).toList();
            assertThat(timeline).containsExactly(
                    "Recovery 'database-loss' started (planned 1h): step 1/5 Assess damage (planned 5m)",
                    "Step 1/5 Assess damage done in 6m (planned 5m)",
                    "Step 2/5 Prepare environment started (planned 10m)",
                    "Step 2/5 Prepare environment done in 9m (planned 10m)",
                    "Step 3/5 Restore latest backup started (planned 20m)",
                    "Step 3/5 Restore latest backup done in 25m (planned 20m): restore slower than planned",
                    "Step 4/5 Apply WAL archives started (planned 15m)",
                    "Step 4/5 Apply WAL archives done in 15m (planned 15m)",
                    "Step 5/5 Validate started (planned 10m)",
                    "Step 5/5 Validate done in 12m (planned 10m)",
                    "Recovery 'database-loss' complete in 1h7m (planned 1h)");
        }
    }
}
