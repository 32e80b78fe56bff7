package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.core.detection.Correlation;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run the same against SQLite and PostgreSQL. */
abstract class IncidentStoreContract {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    Database database;
    IncidentStore store;

    abstract StorageConfig freshStorage();

    @BeforeEach
    void openStore() {
        database = Database.open(freshStorage());
        store = new IncidentStore(database);
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    NewIncident spec(String title) {
        return new NewIncident(title, Severity.CRITICAL, "agente-api", "manual",
                Map.of("env", "prod", "team", "payments"), "docs/runbooks/01-database-down.md", T0.minusSeconds(60));
    }

    @Test
    void numbersIncidentsPerUtcDayFromOne() {
        assertThat(store.open(spec("a"), "alice", T0).id()).isEqualTo("INC-20261128-001");
        assertThat(store.open(spec("b"), "alice", T0.plusSeconds(5)).id()).isEqualTo("INC-20261128-002");
        assertThat(store.open(spec("c"), "alice", Instant.parse("2026-11-29T00:00:01Z")).id()).isEqualTo("INC-20261129-001");
    }

    @Test
    void latestIncidentOfEachGroupIsTheLastDetectedAndOnATieTheLastNumbered() {
        Instant later = T0.plus(Duration.ofHours(1));
        Map<String, String> titles = new java.util.HashMap<>();
        Map<String, Correlation.Latest> latest = database.jdbi().inTransaction(handle -> {
            store.open(handle, spec("flap 1"), "g1", "firebreak", T0);
            store.open(handle, spec("flap 2"), "g1", "firebreak", later);
            Incident tie = store.open(handle, spec("flap 3, same millisecond"), "g1", "firebreak", later);
            store.open(handle, spec("older of g2"), "g2", "firebreak", T0.minusSeconds(5));
            Incident other = store.open(handle, spec("other"), "g2", "firebreak", T0);
            titles.put(tie.id(), tie.title());
            titles.put(other.id(), other.title());
            return IncidentBatch.latestOfGroups(handle, database.dialect(), List.of("g1", "g2", "g3"));
        });

        assertThat(latest).containsOnlyKeys("g1", "g2");
        assertThat(titles.get(latest.get("g1").id())).isEqualTo("flap 3, same millisecond");
        assertThat(titles.get(latest.get("g2").id())).isEqualTo("other");
        database.jdbi().useHandle(handle -> latest.forEach((group, incident) ->
                assertThat(IncidentStore.latestOfGroup(handle, group).map(Correlation.Latest::of)).contains(incident)));
    }

    @Test
    void latestIncidentOfGroupsBeyondOneQueryIsEachGroupsNewest() {
        List<String> groups = new ArrayList<>();
        Map<String, String> newest = new java.util.HashMap<>();
        database.jdbi().useTransaction(handle -> {
            for (int g = 0; g < 501; g++) {   // more keys than one query takes
                String group = "group-" + g;
                groups.add(group);
                store.open(handle, spec("old"), group, "firebreak", T0.minusSeconds(60));
                newest.put(group, store.open(handle, spec("new"), group, "firebreak", T0.plusMillis(g)).id());
            }
        });

        Map<String, Correlation.Latest> latest = database.jdbi().inTransaction(handle ->
                IncidentBatch.latestOfGroups(handle, database.dialect(), groups));

        assertThat(latest).hasSize(501);
        latest.forEach((group, incident) -> assertThat(incident.id()).as(group).isEqualTo(newest.get(group)));
        assertThat(latest.get("group-500").status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void aResolveAsFalsePositiveFlagsTheIncidentOnlyWhenTheResolveIsWritten() {
        Incident incident = store.open(spec("noisy probe"), "alice", T0);
        FalsePositives flags = new FalsePositives(database);

        var refused = store.update(incident.id(), i -> new io.firebreak.core.incident.Change.Rejected("not now"), true);
        assertThat(refused).isInstanceOf(IncidentStore.Update.Rejected.class);
        assertThat(flags.flagged()).isEmpty();

        var resolved = store.update(incident.id(), i -> IncidentLifecycle.resolve(i, "False positive", "bob", T0.plusSeconds(60)), true);
        assertThat(resolved).isInstanceOf(IncidentStore.Update.Updated.class);
        assertThat(flags.flagged()).containsExactly(incident.id());
    }

    @Test
    void openedIncidentReadsBackWithItsOpenedEvent() {
        Incident opened = store.open(spec("Database down"), "alice", T0);
        assertThat(store.find(opened.id())).contains(opened);
        assertThat(opened.labels()).containsEntry("team", "payments");
        assertThat(opened.impactStarted()).isEqualTo(T0.minusSeconds(60));
        assertThat(store.timeline(opened.id())).singleElement().satisfies(event -> {
            assertThat(event.sequence()).isEqualTo(1);
            assertThat(event.type()).isEqualTo(EventType.OPENED);
            assertThat(event.actor()).isEqualTo("alice");
            assertThat(event.at()).isEqualTo(T0);
        });
    }

    @Test
    void incidentsADetectionBatchLoadedStayLockedUntilItsTransactionEnds() throws Exception {
        String id = store.open(spec("x"), "alice", T0).id();
        java.util.concurrent.CountDownLatch loaded = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<?> cycle = threads.submit(() -> {
                database.jdbi().useTransaction(handle -> {
                    new IncidentBatch(handle, database.dialect(), store.outbox(), T0).load(List.of(id));
                    loaded.countDown();
                    release.await();
                });
                return null;
            });
            loaded.await();
            Future<IncidentStore.Update> ack = threads.submit(() -> store.update(id, i -> IncidentLifecycle.acknowledge(i, "bob", T0)));

            Thread.sleep(300);   // a write that ignored the batch's locks would be done by now
            assertThat(ack).isNotDone();
            release.countDown();
            cycle.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ack.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IncidentStore.Update.Updated.class);
        }
    }

    @Test
    void aDetectionBatchWritesTheIncidentsItChangedAndRefusesOneChangedBehindItsBack() {
        String kept = store.open(spec("kept"), "alice", T0).id();
        String moved = store.open(spec("moved"), "alice", T0).id();
        Instant later = T0.plusSeconds(60);

        database.jdbi().useTransaction(handle -> {
            IncidentBatch batch = new IncidentBatch(handle, database.dialect(), store.outbox(), later);
            batch.load(List.of(kept));
            batch.apply(kept, i -> IncidentLifecycle.resolve(i, "all alerts resolved", "firebreak", later));
            batch.flush();
        });
        Incident resolved = store.find(kept).orElseThrow();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.resolved()).isEqualTo(later);
        assertThat(resolved.title()).isEqualTo("kept");
        assertThat(store.timeline(kept)).last().satisfies(event -> assertThat(event.to()).isEqualTo(IncidentStatus.RESOLVED));

        // Only a writer that ignored the batch's lock could change the version meanwhile: the batch writes nothing then.
        assertThatThrownBy(() -> database.jdbi().useTransaction(handle -> {
            IncidentBatch batch = new IncidentBatch(handle, database.dialect(), store.outbox(), later);
            batch.load(List.of(moved));
            handle.execute("UPDATE incidents SET version = version + 1 WHERE id = ?", moved);
            batch.apply(moved, i -> IncidentLifecycle.resolve(i, "all alerts resolved", "firebreak", later));
            batch.flush();
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining(moved + " changed while the detection cycle held it");
        assertThat(store.find(moved).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
    }

    @Test
    void labelsAndRespondersWithAwkwardCharactersReadBackAsWritten() {
        Map<String, String> awkward = Map.of("path", "\"q\"\\\n\t\u0001\u2028 🔥", "empty", "", "a:b", "x");
        String id = store.open(new NewIncident("x", Severity.HIGH, "agente-api", "manual", awkward, "", T0), "alice", T0).id();
        store.update(id, i -> IncidentLifecycle.addResponder(i, "o'brien \"ob\" \\", "bob", T0.plusSeconds(1)));
        store.update(id, i -> IncidentLifecycle.addResponder(i, "zoë\tx", "bob", T0.plusSeconds(2)));

        Incident incident = store.find(id).orElseThrow();
        assertThat(incident.labels()).isEqualTo(awkward);
        assertThat(incident.responders()).containsExactly("o'brien \"ob\" \\", "zoë\tx");
    }

    @Test
    void changesAppendNumberedEventsInOrder() {
        String id = store.open(spec("x"), "alice", T0).id();
        store.update(id, i -> IncidentLifecycle.acknowledge(i, "bob", T0.plusSeconds(60)));
        store.update(id, i -> IncidentLifecycle.changeStatus(i, IncidentStatus.IDENTIFIED, "pg disk full", "bob", T0.plusSeconds(120)));
        store.update(id, i -> IncidentLifecycle.assignCommander(i, "carol", "bob", T0.plusSeconds(130)));
        store.update(id, i -> IncidentLifecycle.addResponder(i, "dave", "bob", T0.plusSeconds(140)));
        var resolved = store.update(id, i -> IncidentLifecycle.resolve(i, "disk extended", "bob", T0.plusSeconds(600)));

        assertThat(resolved).isInstanceOfSatisfying(IncidentStore.Update.Updated.class,
                updated -> assertThat(updated.events()).singleElement().extracting(IncidentEvent::sequence).isEqualTo(6));
        Incident incident = store.find(id).orElseThrow();
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.commander()).isEqualTo("carol");
        assertThat(incident.responders()).containsExactly("dave");
        assertThat(incident.timeToAcknowledge()).contains(Duration.ofMinutes(1));
        assertThat(incident.timeToResolve()).contains(Duration.ofMinutes(10));
        assertThat(store.timeline(id)).extracting(IncidentEvent::type).containsExactly(
                EventType.OPENED, EventType.ACKNOWLEDGED, EventType.STATUS_CHANGED,
                EventType.COMMANDER_ASSIGNED, EventType.RESPONDER_ADDED, EventType.RESOLVED);
        assertThat(store.timeline(id).get(2)).satisfies(event -> {
            assertThat(event.from()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
            assertThat(event.to()).isEqualTo(IncidentStatus.IDENTIFIED);
            assertThat(event.message()).isEqualTo("pg disk full");
        });
    }

    @Test
    void rejectedChangeWritesNothing() {
        String id = store.open(spec("x"), "alice", T0).id();
        store.update(id, i -> IncidentLifecycle.resolve(i, "", "bob", T0.plusSeconds(60)));
        Incident before = store.find(id).orElseThrow();

        var outcome = store.update(id, i -> IncidentLifecycle.acknowledge(i, "bob", T0.plusSeconds(120)));

        assertThat(outcome).isEqualTo(new IncidentStore.Update.Rejected(
                "only a TRIGGERED incident can be acknowledged; this one is RESOLVED"));
        assertThat(store.find(id)).contains(before);
        assertThat(store.timeline(id)).hasSize(2);
    }

    @Test
    void unknownIncidentIsNotFound() {
        assertThat(store.update("INC-20261128-999", i -> IncidentLifecycle.acknowledge(i, "bob", T0)))
                .isEqualTo(new IncidentStore.Update.NotFound("INC-20261128-999"));
        assertThat(store.find("INC-20261128-999")).isEmpty();
    }

    @Test
    void failedEventWriteRollsBackTheStatusChange() {
        String id = store.open(spec("x"), "alice", T0).id();
        Incident before = store.find(id).orElseThrow();
        // A trigger makes the timeline insert fail after the incident row was already updated.
        database.jdbi().useHandle(handle -> {
            if (database.dialect() == Database.Dialect.SQLITE) {
                handle.execute("""
                        CREATE TRIGGER refuse_boom BEFORE INSERT ON incident_events WHEN NEW.message = 'boom'
                        BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END""");
            } else {
                handle.execute("""
                        CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF NEW.message = 'boom' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$""");
                handle.execute("""
                        CREATE TRIGGER refuse_boom BEFORE INSERT ON incident_events
                        FOR EACH ROW EXECUTE FUNCTION refuse_boom()""");
            }
        });

        assertThatThrownBy(() -> store.update(id, i -> IncidentLifecycle.resolve(i, "boom", "bob", T0.plusSeconds(30))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("update incident " + id);

        assertThat(store.find(id)).contains(before);
        assertThat(store.timeline(id)).hasSize(1);
    }

    @Test
    void listsFilterByStatusSeverityPeriodAndOpenness() {
        String a = store.open(spec("a"), "alice", T0).id();
        store.open(new NewIncident("b", Severity.LOW, "", "manual", null, "", null), "alice", T0.plusSeconds(10));
        String c = store.open(spec("c"), "alice", T0.plus(Duration.ofDays(2))).id();
        store.update(a, i -> IncidentLifecycle.resolve(i, "", "bob", T0.plusSeconds(20)));

        assertThat(store.list(IncidentQuery.all())).extracting(Incident::title).containsExactly("c", "b", "a");
        assertThat(store.list(new IncidentQuery(Optional.of(IncidentStatus.RESOLVED), Optional.empty(), Optional.empty(), false, 100)))
                .extracting(Incident::id).containsExactly(a);
        assertThat(store.list(new IncidentQuery(Optional.empty(), Optional.of(Severity.LOW), Optional.empty(), false, 100)))
                .extracting(Incident::title).containsExactly("b");
        assertThat(store.list(IncidentQuery.all().withSince(T0.plus(Duration.ofDays(1)))))
                .extracting(Incident::id).containsExactly(c);
        assertThat(store.list(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), true, 100)))
                .extracting(Incident::title).containsExactly("c", "b");
    }

    @Test
    void concurrentCreationNeverReusesANumber() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    ids.add(store.open(spec("concurrent"), "load", T0).id());
                }
                return ids;
            }));
        }
        Set<String> ids = new HashSet<>();
        for (Future<List<String>> future : futures) {
            ids.addAll(future.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(threads * perThread);
        assertThat(ids).contains("INC-20261128-001", "INC-20261128-200");
    }

    @Test
    void concurrentNotesOnOneIncidentAllLandInOrder() throws Exception {
        String id = store.open(spec("busy"), "alice", T0).id();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            String text = "note " + n;
            futures.add(pool.submit(() -> store.update(id, i -> IncidentLifecycle.note(i, text, "bob", T0))));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        List<IncidentEvent> timeline = store.timeline(id);
        assertThat(timeline).hasSize(41);
        assertThat(timeline).extracting(IncidentEvent::sequence).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 41).boxed().toList());
    }

    @Test
    void timelinesOfManyIncidentsComeInOneMapOldestFirst() {
        Incident before = store.open(spec("before"), "alice", T0);
        Incident first = store.open(spec("first"), "alice", T0.plus(Duration.ofHours(2)));
        Incident second = store.open(spec("second"), "alice", T0.plus(Duration.ofHours(3)));
        for (Incident incident : List.of(before, first, second)) {
            store.update(incident.id(), current -> IncidentLifecycle.note(current, "one", "bob", T0.plus(Duration.ofHours(4))));
            store.update(incident.id(), current -> IncidentLifecycle.resolve(current, "done", "bob", T0.plus(Duration.ofHours(5))));
        }
        List<String> many = new ArrayList<>(List.of(first.id(), second.id()));
        for (int i = 0; i < 2_500; i++) {
            many.add("INC-20000101-" + i);   // more than one batch of ids, most of them without events
        }
        var timelines = store.timelines(many);
        assertThat(timelines.keySet()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(timelines.get(first.id())).isEqualTo(store.timeline(first.id()));
        assertThat(timelines.get(second.id())).isEqualTo(store.timeline(second.id()));
        assertThat(timelines.get(second.id()).stream().map(IncidentEvent::sequence)).containsExactly(1, 2, 3);

        // only some kinds of event, as a report asks: the note and the opening are left out
        var resolvedOnly = store.timelines(many, java.util.EnumSet.of(io.firebreak.core.incident.EventType.RESOLVED));
        assertThat(resolvedOnly.get(first.id())).singleElement()
                .satisfies(event -> assertThat(event.type()).isEqualTo(io.firebreak.core.incident.EventType.RESOLVED));
        assertThat(resolvedOnly.get(second.id()).stream().map(IncidentEvent::sequence)).containsExactly(3);
    }

    @Test
    void figuresReadWhatReportsUseOfThePeriodAndTheOlderOutagesStillGoingOn() {
        Incident old = store.open(spec("old outage, still going"), "alice", T0);   // CRITICAL, detected T0
        Incident oldOver = store.open(spec("old outage, over"), "alice", T0.plusSeconds(10));
        store.update(oldOver.id(), i -> IncidentLifecycle.resolve(i, "done", "bob", T0.plus(Duration.ofHours(1))));
        Instant from = T0.plus(Duration.ofDays(2));
        Incident recent = store.open(new NewIncident("recent", Severity.LOW, "search", "rule:slow", Map.of("env", "prod"), "rb.md", from),
                "alice", from.plusSeconds(30));
        store.update(recent.id(), i -> IncidentLifecycle.acknowledge(i, "bob", from.plusSeconds(90)));
        store.update(recent.id(), i -> IncidentLifecycle.resolve(i, "done", "bob", from.plusSeconds(600)));

        List<Incident> onlyRecent = store.figures(from, T0, Set.of(), from);
        assertThat(onlyRecent).singleElement().satisfies(figure -> {
            Incident whole = store.find(recent.id()).orElseThrow();
            // the same incident but for what no figure reads
            // (on SQLite a resolved incident's last update is read as its resolution: the index has no "updated")
            Instant updated = database.dialect() == Database.Dialect.SQLITE && whole.resolved() != null ? whole.resolved() : whole.updated();
            assertThat(figure).isEqualTo(new Incident(whole.id(), IncidentStore.NOT_READ, whole.severity(), whole.status(), whole.service(),
                    IncidentStore.NOT_READ, Map.of(), "", "", "", List.of(), whole.impactStarted(), whole.detected(),
                    whole.acknowledged(), whole.resolved(), updated));
            assertThat(figure.labels()).isEmpty();
        });
        // older ones only of the given severities, and only when unresolved at the instant given
        assertThat(store.figures(from, T0, Set.of(Severity.CRITICAL), T0.plus(Duration.ofHours(2))).stream().map(Incident::id))
                .containsExactlyInAnyOrder(recent.id(), old.id());
        assertThat(store.figures(from, T0, Set.of(Severity.CRITICAL), T0.plus(Duration.ofMinutes(30))).stream().map(Incident::id))
                .containsExactlyInAnyOrder(recent.id(), old.id(), oldOver.id());
        assertThat(store.figures(from, T0, Set.of(Severity.HIGH), T0).stream().map(Incident::id)).containsExactly(recent.id());
        assertThat(store.figures(from, T0.plusSeconds(5), Set.of(Severity.CRITICAL), T0).stream().map(Incident::id))
                .containsExactlyInAnyOrder(recent.id(), oldOver.id());
    }

    @Test
    void timelineFiguresAreTheTimelinesOfTheTypesWithoutWhatNoFigureReads() throws Exception {
        Incident incident = store.open(spec("x"), "alice", T0);
        store.update(incident.id(), i -> IncidentLifecycle.acknowledge(i, "bob", T0.plusSeconds(60)));
        store.update(incident.id(), i -> IncidentLifecycle.note(i, "looking", "bob", T0.plusSeconds(70)));
        store.update(incident.id(), i -> IncidentLifecycle.publicUpdate(i, "We are on it", "bob", T0.plusSeconds(80)));
        store.update(incident.id(), i -> IncidentLifecycle.changeStatus(i, IncidentStatus.IDENTIFIED, "found", "bob", T0.plusSeconds(90)));
        var types = io.firebreak.core.communication.UpdateCadence.EVENTS_READ;
        var whole = store.timelines(List.of(incident.id(), "INC-20000101-001"), types);
        var figures = store.timelineFigures(List.of(incident.id(), "INC-20000101-001"), types);
        assertThat(figures.keySet()).containsExactly(incident.id());
        assertThat(figures.get(incident.id())).isEqualTo(whole.get(incident.id()).stream()
                .map(e -> new IncidentEvent(e.incidentId(), e.sequence(), e.at(), "", e.type(), null, null, "")).toList());
        assertThat(figures.get(incident.id()).stream().map(IncidentEvent::type))
                .containsExactly(EventType.ACKNOWLEDGED, EventType.PUBLIC_UPDATE, EventType.STATUS_CHANGED);
        assertThat(store.timelineFigures(List.of(incident.id()), java.util.EnumSet.of(EventType.NOTE)).get(incident.id()))
                .singleElement().satisfies(event -> assertThat(event.sequence()).isEqualTo(3));

        // V0019's partial index lists exactly the cadence's types, so the report's read is answered from it
        String migration = new String(getClass().getResourceAsStream("/db/migration/V0019__report_indexes.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String listed = types.stream().map(EventType::name).sorted().map(name -> "'" + name + "'")
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(migration).contains("WHERE type IN (" + listed + ");");
        String plan = database.jdbi().withHandle(handle -> {
            // the statement's shape: one row per incident, its events joined into one text
            String events = (database.dialect() == Database.Dialect.POSTGRESQL ? "string_agg" : "group_concat")
                    + "(seq || ',' || occurred_at || ',' || CASE type WHEN 'ACKNOWLEDGED' THEN 0 ELSE 1 END, ';')";
            String sql = "SELECT incident_id, " + events + " FROM incident_events WHERE incident_id IN ('" + incident.id()
                    + "') AND type IN (" + listed + ") GROUP BY incident_id";
            if (database.dialect() == Database.Dialect.POSTGRESQL) {
                handle.execute("SET enable_seqscan = off");   // a table of five rows is read whole otherwise
                try {
                    return String.join("\n", handle.createQuery("EXPLAIN " + sql).mapTo(String.class).list());
                } finally {
                    handle.execute("RESET enable_seqscan");
                }
            }
            return String.join("\n", handle.createQuery("EXPLAIN QUERY PLAN " + sql).map((rs, ctx) -> rs.getString("detail")).list());
        });
        assertThat(plan).contains("incident_events_cadence");
    }

    @Test
    void sqliteReadsTheFiguresOfIncidentsFromTheirIndexAlone() {
        if (database.dialect() != Database.Dialect.SQLITE) {
            return;   // PostgreSQL reads the rows (a bitmap heap scan): V0021's index has no "updated"
        }
        store.open(spec("x"), "alice", T0);
        String plan = database.jdbi().withHandle(handle -> String.join("\n", handle.createQuery("EXPLAIN QUERY PLAN SELECT id, severity,"
                        + " status, service, impact_started, detected, acknowledged, resolved, CASE WHEN resolved IS NULL THEN"
                        + " (SELECT row.updated FROM incidents row WHERE row.id = incidents.id) ELSE resolved END FROM incidents"
                        + " WHERE detected >= 0").map((rs, ctx) -> rs.getString("detail")).list()));
        assertThat(plan).contains("COVERING INDEX incidents_figures");
    }
}
