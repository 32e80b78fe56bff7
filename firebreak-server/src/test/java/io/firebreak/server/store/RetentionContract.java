package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.engine.RetentionModule;
import io.firebreak.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code storage.retention}, the same on SQLite and PostgreSQL: what goes, what stays, in batches, by the leader only. */
abstract class RetentionContract {
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final Duration RETENTION = Duration.ofDays(30);

    Database database;
    IncidentStore incidents;
    Leases leases;
    MutableClock clock;

    abstract StorageConfig freshStorage();

    @BeforeEach
    void openStore() {
        database = Database.open(freshStorage());
        incidents = new IncidentStore(database);
        leases = new Leases(database);
        clock = new MutableClock(T0);
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    private RetentionModule module(String holder, Optional<Duration> retention, int batch) {
        return new RetentionModule(new RetentionStore(database), retention,
                new Leadership(leases, RetentionModule.MODULE, holder, Duration.ofSeconds(15)), batch);
    }

    private Incident open(String title) {
        return incidents.open(new NewIncident(title, Severity.HIGH, "checkout", "manual", Map.of("team", "shop"), "", clock.instant()),
                "alice", clock.instant());
    }

    private void resolve(Incident incident) {
        incidents.update(incident.id(), current -> IncidentLifecycle.resolve(current, "fixed", "alice", clock.instant()));
    }

    /** Rows in every table that refers to an incident, as the service would leave them. */
    private void attach(String id, String outboxState, String postmortemState, String actionStatus) {
        long at = clock.millis();
        database.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO outbox (id, incident_id, event_seq, channel, event, state, created, due, attempts, last_status, last_reason) "
                    + "VALUES (?, ?, 1, 'slack', 'opened', ?, ?, ?, 1, 200, '')", id + ":1:slack", id, outboxState, at, at);
            handle.execute("INSERT INTO outbox_attempts (outbox_id, attempt, at, status, reason) VALUES (?, 1, ?, 200, '')", id + ":1:slack", at);
            handle.execute("INSERT INTO alerts (id, source, fingerprint, labels, annotations, state, starts_at, ends_at, generator_url, group_key, "
                    + "identity, incident_id, received, updated) VALUES (?, 'push', ?, '{}', '{}', 'resolved', ?, ?, '', ?, NULL, ?, ?, ?)",
                    "push:" + id, id, at, at, "g:" + id, id, at, at);
            handle.execute("INSERT INTO escalation_state (incident_id, policy, step, paged_at, repeats, no_progress_notice, unresolved_notice, updated) "
                    + "VALUES (?, 'default', 0, ?, 0, NULL, 0, ?)", id, at, at);
            handle.execute("INSERT INTO incident_time_log (id, incident_id, person, seconds, logged_at, note, created) VALUES (?, ?, 'alice', 600, ?, '', ?)",
                    "TIME-" + id, id, at, at);
            handle.execute("INSERT INTO incident_rto_marks (incident_id, mark, at, rto_ms) VALUES (?, '50', ?, 3600000)", id, at);
            handle.execute("INSERT INTO recovery_steps (incident_id, procedure, step, title, planned_ms, started, finished, note) "
                    + "VALUES (?, 'restore', 1, 'Restore', 60000, ?, ?, '')", id, at, at);
            handle.execute("INSERT INTO postmortems (incident_id, path, title, state, created, updated, published) VALUES (?, 'pm.md', 't', ?, ?, ?, NULL)",
                    id, postmortemState, at, at);
            handle.execute("INSERT INTO action_items (incident_id, number, priority, description, owner, due, status, tracker_url, created, closed) "
                    + "VALUES (?, 1, 'P1', 'fix', 'bob', '2026-02-01', ?, '', ?, NULL)", id, actionStatus, at);
        });
    }

    private int rows(String table, String id) {
        String column = table.equals("incidents") ? "id" : "incident_id";
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = :id")
                .bind("id", id).mapTo(Integer.class).one());
    }

    @Test
    void oldResolvedIncidentsGoInBatchesWithEverythingThatReferencesThem() {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Incident incident = open("old " + i);
            clock.advance(Duration.ofMinutes(10));
            incidents.update(incident.id(), current -> IncidentLifecycle.note(current, "looking", "bob", clock.instant()));
            resolve(incident);
            attach(incident.id(), i % 2 == 0 ? "delivered" : "dead", "PUBLISHED", "DONE");
            old.add(incident.id());
        }
        String stillOpen = open("old but still open").id();
        Incident draft = open("old with a draft post-mortem");
        resolve(draft);
        attach(draft.id(), "delivered", "DRAFT", "DONE");
        Incident openAction = open("old with an open action item");
        resolve(openAction);
        attach(openAction.id(), "delivered", "PUBLISHED", "OPEN");
        Incident waiting = open("old with a notification still to send");
        resolve(waiting);
        attach(waiting.id(), "pending", "PUBLISHED", "DONE");

        clock.advance(Duration.ofDays(25));
        Incident recent = open("resolved recently");
        resolve(recent);

        clock.advance(Duration.ofDays(10));   // the old ones resolved 35 days ago, the recent one 10 days ago
        RetentionModule retention = module("instance-a", Optional.of(RETENTION), 4);
        assertThat(retention.runDue(clock.instant())).isEqualTo(4);
        assertThat(old.stream().filter(id -> rows("incidents", id) == 0)).hasSize(4);   // one batch at a time, oldest first
        assertThat(rows("incidents", old.get(0))).isZero();
        assertThat(rows("incidents", old.get(9))).isOne();
        clock.advance(Duration.ofSeconds(1));
        assertThat(retention.runDue(clock.instant())).isEqualTo(4);   // a full batch: the next one comes at the next loop
        clock.advance(Duration.ofSeconds(1));
        assertThat(retention.runDue(clock.instant())).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(retention.runDue(clock.instant())).isZero();   // less than a batch: the next look is an interval away

        for (String id : old) {
            for (String table : List.of("incidents", "incident_events", "outbox", "alerts", "escalation_state", "incident_time_log",
                    "incident_rto_marks", "recovery_steps", "postmortems", "action_items")) {
                assertThat(rows(table, id)).as(table + " of " + id).isZero();
            }
            int attempts = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox_attempts WHERE outbox_id = :id")
                    .bind("id", id + ":1:slack").mapTo(Integer.class).one());
            assertThat(attempts).isZero();
        }
        for (String kept : List.of(stillOpen, draft.id(), openAction.id(), waiting.id(), recent.id())) {
            assertThat(rows("incidents", kept)).as(kept).isOne();
            assertThat(incidents.timeline(kept)).as(kept).isNotEmpty();
        }
        assertThat(rows("postmortems", draft.id())).isOne();

        // The draft is published and its notification sent: both go at the next pass, an interval later.
        database.jdbi().useHandle(handle -> {
            handle.execute("UPDATE postmortems SET state = 'PUBLISHED' WHERE incident_id = ?", draft.id());
            handle.execute("UPDATE outbox SET state = 'delivered' WHERE incident_id = ?", waiting.id());
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(retention.runDue(clock.instant())).isZero();
        clock.advance(RetentionModule.INTERVAL);
        assertThat(retention.runDue(clock.instant())).isEqualTo(2);
        assertThat(rows("incidents", draft.id())).isZero();
        assertThat(rows("incidents", waiting.id())).isZero();
        assertThat(rows("incidents", recent.id())).isOne();

        clock.advance(Duration.ofDays(21));   // the recent one is now 31 days past its resolution
        assertThat(retention.runDue(clock.instant())).isEqualTo(1);
        assertThat(incidents.count()).isEqualTo(2);   // still open, and the one with an open action item
    }

    @Test
    void withoutRetentionNothingGoesAndOnlyTheLeaderPrunes() {
        Incident incident = open("old");
        resolve(incident);
        clock.advance(Duration.ofDays(400));
        assertThat(module("instance-a", Optional.empty(), 10).runDue(clock.instant())).isZero();
        assertThat(incidents.count()).isOne();

        RetentionModule leader = module("instance-a", Optional.of(RETENTION), 10);
        RetentionModule standby = module("instance-b", Optional.of(RETENTION), 10);
        assertThat(new Leadership(leases, RetentionModule.MODULE, "instance-a", Duration.ofSeconds(15)).lead(clock.instant())).isPresent();
        assertThat(standby.runDue(clock.instant())).isZero();
        assertThat(incidents.count()).isOne();
        assertThat(leader.runDue(clock.instant())).isOne();
        assertThat(incidents.count()).isZero();
    }

    @Test
    void everyTableThatNamesAnIncidentIsPrunedWithIt() {
        Set<String> tables = new HashSet<>(database.jdbi().withHandle(handle -> database.dialect() == Database.Dialect.SQLITE
                ? handle.createQuery("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'incident_id'")
                        .mapTo(String.class).list()
                : handle.createQuery("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'incident_id'")
                        .mapTo(String.class).list()));
        assertThat(RetentionStore.REFERENCING).containsExactlyInAnyOrderElementsOf(tables);
    }
}
