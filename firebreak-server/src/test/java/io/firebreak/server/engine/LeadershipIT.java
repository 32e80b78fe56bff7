package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.server.prometheus.PrometheusClient;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import io.firebreak.server.testing.StubHttpServer;
import io.firebreak.server.testing.StubHttpServer.Response;
import io.firebreak.server.testing.TestPostgres;
import io.firebreak.server.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL, evaluating against one Prometheus (a stub that counts queries).
 * The normal case first: cycles that never overlap, as they do when a cycle takes well under a
 * second and the interval is 30 s. Time is moved by hand; nothing sleeps.
 */
class LeadershipIT {
    static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Rule DB = new Rule("database_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, Duration.ofSeconds(60),
            Duration.ZERO, Severity.CRITICAL, "agente-api", "", "database down", "", Map.of(), Map.of(), List.of(), false, true,
            Optional.empty(), "rules.yml:1");

    static String vector(double value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"instance\":\"db:9187\"},\"value\":[1,\""
                + value + "\"]}]}}";
    }

    private static DetectionEngine engine(Database database, PrometheusClient client, String holder) {
        var store = new DetectionStore(database);
        return new DetectionEngine(List.of(DB), new PrometheusSource(client), store, INTERVAL, Duration.ofMinutes(5),
                new Leadership(store.leases(), DetectionEngine.MODULE, holder, Leadership.ttlFor(INTERVAL)));
    }

    @Test
    void twoInstancesWithNonOverlappingCyclesEvaluateOncePerCycle() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        var storage = TestPostgres.get().newDatabase();
        try (var prometheus = new StubHttpServer(request -> {
                 queries.incrementAndGet();
                 return Response.json(200, vector(0));       // breached from the start: pending, then firing after 60s
             });
             Database first = Database.open(storage); Database second = Database.open(storage)) {
            var client = new PrometheusClient(List.of(prometheus.url()), Duration.ofSeconds(2));
            var a = engine(first, client, "a");
            var b = engine(second, client, "b");
            // Each instance's loop wakes every second; a's cycles fall at :00 and :30, b's a second later.
            int evaluated = 0;
            for (int cycle = 0; cycle < 10; cycle++) {
                Instant at = T0.plus(INTERVAL.multipliedBy(cycle));
                for (int tick = 0; tick < 30; tick++) {
                    evaluated += a.runDue(at.plusSeconds(tick)).evaluated();
                    evaluated += b.runDue(at.plusSeconds(tick).plusMillis(500)).evaluated();
                }
            }
            assertThat(queries.get()).as("one evaluation per cycle, not one per instance").isEqualTo(10);
            assertThat(evaluated).isEqualTo(10);
            assertThat(b.standby()).isTrue();
            // The hold timer was never reset: one incident, impact from T0, fired after the 60s hold.
            assertThat(new IncidentStore(second).list(IncidentQuery.all())).singleElement().satisfies(incident -> {
                assertThat(incident.impactStarted()).isEqualTo(T0);
                assertThat(incident.detected()).isEqualTo(T0.plusSeconds(60));
            });
            a.close();
            b.close();
        }
    }

    @Test
    void aStandbyTakesOverWithinTwoIntervalsFromTheStoredPendingTimer() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        var storage = TestPostgres.get().newDatabase();
        try (var prometheus = new StubHttpServer(request -> {
                 queries.incrementAndGet();
                 return Response.json(200, vector(0));
             });
             Database first = Database.open(storage); Database second = Database.open(storage)) {
            var client = new PrometheusClient(List.of(prometheus.url()), Duration.ofSeconds(2));
            var a = engine(first, client, "a");
            var b = engine(second, client, "b");
            assertThat(a.runDue(T0).evaluated()).isEqualTo(1);           // pending since T0
            assertThat(b.runDue(T0.plusSeconds(1)).standby()).isTrue();
            // a is killed here (kill -9: it never releases its lease). b's loop keeps asking every second.
            Instant takenAt = null;
            for (int tick = 2; tick <= 60 && takenAt == null; tick++) {
                if (b.runDue(T0.plusSeconds(tick)).evaluated() > 0) {
                    takenAt = T0.plusSeconds(tick);
                }
            }
            assertThat(takenAt).as("b takes over within two intervals").isNotNull().isBefore(T0.plus(INTERVAL.multipliedBy(2)));
            // From the stored state: the alert has been pending since T0, so it fires 60s after T0, not 60s after the takeover.
            for (int tick = 0; tick <= 60; tick++) {
                b.runDue(takenAt.plusSeconds(tick));
            }
            assertThat(new IncidentStore(second).list(IncidentQuery.all())).singleElement().satisfies(incident -> {
                assertThat(incident.impactStarted()).isEqualTo(T0);
                assertThat(incident.detected()).isBefore(T0.plusSeconds(60).plus(INTERVAL));
            });
            b.close();
        }
    }

    @Test
    void aLeaderWhoseLeaseChangedHandsWritesNothing() throws Exception {
        var storage = TestPostgres.get().newDatabase();
        try (Database database = Database.open(storage)) {
            var leases = new Leases(database);
            var stale = leases.acquire(DetectionEngine.MODULE, "a", T0, Duration.ofSeconds(15)).orElseThrow();
            assertThat(leases.acquire(DetectionEngine.MODULE, "b", T0.plusSeconds(5), Duration.ofSeconds(15))).isEmpty();
            var taken = leases.acquire(DetectionEngine.MODULE, "b", T0.plusSeconds(16), Duration.ofSeconds(15)).orElseThrow();
            assertThat(taken.token()).isEqualTo(stale.token() + 1);
            // a wakes up (a long GC pause) and writes what it decided under its old term: refused, nothing written.
            var store = new DetectionStore(database);
            var leadership = new Leadership(leases, DetectionEngine.MODULE, "a", Duration.ofSeconds(15));
            var result = io.firebreak.core.rule.RuleEvaluation.step(DB, io.firebreak.core.rule.RuleState.inactive(),
                    List.of(new io.firebreak.core.rule.Sample(Map.of("instance", "db:9187"), 0)), T0.plusSeconds(17));
            assertThatThrownBy(() -> store.record(DB, io.firebreak.core.rule.RuleState.inactive(), result, Duration.ofMinutes(5),
                    T0.plusSeconds(17), leadership.fence(stale.token(), T0.plusSeconds(17))))
                    .isInstanceOf(io.firebreak.server.store.LeaseLostException.class);
            assertThat(store.loadStates()).isEmpty();
            // b's own writes go through.
            store.record(DB, io.firebreak.core.rule.RuleState.inactive(), result, Duration.ofMinutes(5), T0.plusSeconds(17),
                    new Leadership(leases, DetectionEngine.MODULE, "b", Duration.ofSeconds(15)).fence(taken.token(), T0.plusSeconds(17)));
            assertThat(store.loadStates()).containsKey("database_down");
        }
    }

    @Test
    void prometheusFailoverWhileAnAlertIsPendingKeepsItsHoldTimer() throws Exception {
        var storage = TestPostgres.get().newDatabase();
        var primary = new StubHttpServer(request -> Response.json(200, vector(0)));
        try (var secondary = new StubHttpServer(request -> Response.json(200, vector(0)));
             Database database = Database.open(storage)) {
            var client = new PrometheusClient(List.of(primary.url(), secondary.url()), Duration.ofSeconds(1));
            var engine = engine(database, client, "a");
            engine.runDue(T0);                                   // pending since T0, answered by the primary
            primary.close();                                     // the primary dies
            engine.runDue(T0.plus(INTERVAL));                    // the secondary answers: still pending since T0
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).isEmpty();
            engine.runDue(T0.plus(INTERVAL.multipliedBy(2)));   // 60s after T0: fires
            assertThat(new IncidentStore(database).list(IncidentQuery.all())).singleElement().satisfies(incident -> {
                assertThat(incident.impactStarted()).isEqualTo(T0);
                assertThat(incident.detected()).isEqualTo(T0.plusSeconds(60));
            });
            assertThat(secondary.requests()).hasSize(2);
            engine.close();
        }
    }

    @Test
    void aSecondEngineOnOneSqliteFileIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("firebreak-lock");
        var storage = new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null);
        try (Database first = Database.open(storage); Database second = Database.open(storage);
             AutoCloseable held = first.exclusiveEngine()) {
            assertThatThrownBy(second::exclusiveEngine).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already evaluates rules on").hasMessageContaining("firebreak.db")
                    .hasMessageContaining("use PostgreSQL");
        }
        try (Database again = Database.open(storage); AutoCloseable held = again.exclusiveEngine()) {
            assertThat(held).isNotNull();   // released when the first closed it
        }
    }

    /**
     * Which incident an alert belongs to is decided under one term and used under the next: the
     * instance that takes over reloads it with the alerts, so an alert resolves the incident it
     * fired into even when the instance taking the lead back last knew another one.
     */
    @Test
    void anAlertResolvesTheIncidentItFiredIntoAcrossTakeoversBothWays() throws Exception {
        var value = new java.util.concurrent.atomic.AtomicReference<>(0.0);
        var storage = TestPostgres.get().newDatabase();
        try (var prometheus = new StubHttpServer(request -> Response.json(200, vector(value.get())));
             Database first = Database.open(storage); Database second = Database.open(storage)) {
            var client = new PrometheusClient(List.of(prometheus.url()), Duration.ofSeconds(2));
            var a = engine(first, client, "a");
            var b = engine(second, client, "b");
            a.runDue(T0);
            assertThat(a.runDue(T0.plusSeconds(60)).changes()).hasSize(1);   // fired: incident X, linked to the alert
            // a stops (killed); b takes over and the alert resolves in its first cycle, from the stored link.
            value.set(1.0);
            Instant resolvedAt = firstEvaluation(b, T0.plusSeconds(61));
            assertThat(new IncidentStore(second).list(IncidentQuery.all())).singleElement()
                    .satisfies(incident -> assertThat(incident.status().isOpen()).isFalse());
            // Past the dedup window the alert fires again under b: a new incident Y.
            value.set(0.0);
            Instant again = resolvedAt.plus(Duration.ofMinutes(6));
            b.runDue(again);
            assertThat(b.runDue(again.plusSeconds(60)).changes()).singleElement()
                    .satisfies(change -> assertThat(change.kind()).isEqualTo(io.firebreak.server.store.IncidentChange.Kind.OPENED));
            // b stops; a takes the lead back. a last wrote the link to X; it must resolve Y.
            value.set(1.0);
            firstEvaluation(a, again.plusSeconds(61));
            assertThat(new IncidentStore(first).list(IncidentQuery.all())).hasSize(2)
                    .allSatisfy(incident -> assertThat(incident.status().isOpen()).as(incident.id()).isFalse());
            a.close();
            b.close();
        }
    }

    /** Ticks {@code engine}'s loop every second from {@code from} until it evaluates (it took the lead); when it did. */
    private static Instant firstEvaluation(DetectionEngine engine, Instant from) {
        for (int tick = 0; tick <= 60; tick++) {
            if (engine.runDue(from.plusSeconds(tick)).evaluated() > 0) {
                return from.plusSeconds(tick);
            }
        }
        throw new AssertionError("no takeover within 60 s of " + from);
    }
}
