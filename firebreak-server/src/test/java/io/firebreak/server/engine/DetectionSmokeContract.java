package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentChange;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Detection end to end over the real store, with a moved clock and a metric source the test controls. */
abstract class DetectionSmokeContract {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration DEDUP = Duration.ofMinutes(5);

    abstract StorageConfig freshStorage();

    Database database;
    MutableClock clock;
    /** What each rule's query returns now; a missing entry is an empty result. */
    final Map<String, List<Sample>> metrics = new HashMap<>();
    final Map<String, QueryResult.Failure> failing = new HashMap<>();
    final MetricSource source = (rule, at) -> failing.containsKey(rule.name()) ? failing.get(rule.name())
            : new QueryResult.Samples(metrics.getOrDefault(rule.name(), List.of()), "test");
    final List<IncidentChange> changes = new ArrayList<>();

    static Rule rule(String name, Duration hold, List<String> groupBy, boolean fireOnMissing) {
        return new Rule(name, "rules.yml", name + "_metric", Optional.of(Comparison.LT), 1, hold, Duration.ZERO, Severity.CRITICAL,
                "agente-api", "docs/runbooks/01-database-down.md", name + " on {{labels.instance}}", "", Map.of(), Map.of(),
                groupBy, fireOnMissing, true, Optional.empty(), "rules.yml:1");
    }

    static final Rule DB = rule("database_down", Duration.ofSeconds(60), List.of(), false);
    static final Rule UP = rule("service_down", Duration.ZERO, List.of(), true);

    @BeforeEach
    void setUp() {
        database = Database.open(freshStorage());
        clock = new MutableClock(T0);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    DetectionEngine engine(List<Rule> rules) {
        return new DetectionEngine(rules, source, new DetectionStore(database), INTERVAL, DEDUP);
    }

    void set(String rule, double... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(Map.of("instance", "db" + (i + 1)), values[i]));
        }
        metrics.put(rule, samples);
    }

    /** Runs due cycles until {@code duration} has passed, one interval at a time. */
    void run(DetectionEngine engine, Duration duration) {
        Instant until = clock.instant().plus(duration);
        while (!clock.instant().isAfter(until)) {
            changes.addAll(engine.runDue(clock.instant()).changes());
            clock.advance(INTERVAL);
        }
    }

    List<Incident> incidents() {
        return new IncidentStore(database).list(IncidentQuery.all());
    }

    List<IncidentEvent> timeline(String id) {
        return new IncidentStore(database).timeline(id);
    }

    @Test
    void breachOpensAfterHoldJoinsSecondInstanceAndAutoResolves() {
        try (var engine = engine(List.of(DB))) {
            set("database_down", 0);
            run(engine, Duration.ofSeconds(30));           // t0, t30: pending
            assertThat(incidents()).isEmpty();
            run(engine, Duration.ZERO);                    // t60: fires
            assertThat(incidents()).singleElement().satisfies(incident -> {
                assertThat(incident.title()).isEqualTo("database_down on db1");
                assertThat(incident.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(incident.impactStarted()).isEqualTo(T0);
                assertThat(incident.detected()).isEqualTo(T0.plusSeconds(60));
                assertThat(incident.timeToDetect()).isEqualTo(Duration.ofSeconds(60));
                assertThat(incident.runbook()).isEqualTo("docs/runbooks/01-database-down.md");
            });
            set("database_down", 0, 0);                    // a second instance breaches
            run(engine, Duration.ofSeconds(120));
            assertThat(incidents()).hasSize(1);
            String id = incidents().get(0).id();
            assertThat(timeline(id)).filteredOn(e -> e.type() == EventType.NOTE)
                    .singleElement().extracting(IncidentEvent::message).asString().startsWith("alert firing: {instance=\"db2\"");
            set("database_down", 1, 0);
            run(engine, Duration.ZERO);
            assertThat(incidents().get(0).status()).isEqualTo(IncidentStatus.TRIGGERED);
            set("database_down", 1, 1);
            run(engine, Duration.ZERO);
            Incident resolved = incidents().get(0);
            assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(timeline(id)).last().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("firebreak");
                assertThat(e.type()).isEqualTo(EventType.RESOLVED);
            });
            assertThat(changes).extracting(IncidentChange::kind).containsExactly(IncidentChange.Kind.OPENED, IncidentChange.Kind.RESOLVED);
        }
    }

    @Test
    void firingAgainWithinTheDedupWindowReopensAfterItOpensANewIncident() {
        Rule instant = rule("database_down", Duration.ZERO, List.of(), false);
        try (var engine = engine(List.of(instant))) {
            set("database_down", 0);
            run(engine, Duration.ZERO);
            set("database_down", 1);
            run(engine, Duration.ZERO);
            set("database_down", 0);
            run(engine, Duration.ofSeconds(150));          // fires again 60s after resolving, stays firing
            assertThat(incidents()).singleElement().satisfies(incident -> assertThat(incident.status()).isEqualTo(IncidentStatus.TRIGGERED));
            assertThat(timeline(incidents().get(0).id())).extracting(IncidentEvent::type)
                    .containsExactly(EventType.OPENED, EventType.RESOLVED, EventType.REOPENED);
            set("database_down", 1);
            run(engine, Duration.ofMinutes(5).plus(INTERVAL));   // resolved, then quiet past the window
            set("database_down", 0);
            run(engine, Duration.ZERO);
            assertThat(incidents()).hasSize(2);
            assertThat(changes).extracting(IncidentChange::kind).containsExactly(IncidentChange.Kind.OPENED,
                    IncidentChange.Kind.RESOLVED, IncidentChange.Kind.REOPENED, IncidentChange.Kind.RESOLVED, IncidentChange.Kind.OPENED);
        }
    }

    @Test
    void groupByLabelsGiveOneIncidentPerGroup() {
        Rule perInstance = rule("database_down", Duration.ZERO, List.of("instance"), false);
        try (var engine = engine(List.of(perInstance))) {
            set("database_down", 0, 0);
            run(engine, Duration.ZERO);
            assertThat(incidents()).extracting(Incident::title).containsExactlyInAnyOrder("database_down on db1", "database_down on db2");
        }
    }

    @Test
    void restartKeepsPendingTimersAndFiringAlerts() {
        set("database_down", 0);
        try (var engine = engine(List.of(DB))) {
            run(engine, Duration.ofSeconds(30));           // pending since T0
        }
        try (var restarted = engine(List.of(DB))) {        // a new process over the same store
            run(restarted, Duration.ZERO);                 // t60: fires on time, impact from T0
            assertThat(incidents()).singleElement().satisfies(i -> assertThat(i.impactStarted()).isEqualTo(T0));
        }
        try (var again = engine(List.of(DB))) {
            run(again, Duration.ofSeconds(60));            // still firing: no second incident
            assertThat(incidents()).hasSize(1);
            set("database_down", 1);
            run(again, Duration.ZERO);                     // resolves the incident the first process opened
            assertThat(incidents().get(0).status()).isEqualTo(IncidentStatus.RESOLVED);
        }
    }

    @Test
    void emptyResultFiresWhenOnMissingIsFire() {
        try (var engine = engine(List.of(UP))) {
            metrics.put("service_down", List.of());
            run(engine, Duration.ZERO);
            assertThat(incidents()).singleElement().extracting(Incident::title).isEqualTo("service_down on");
        }
    }

    @Test
    void oneFailingRuleDoesNotStopTheOthersAndNoPrometheusMeansBlind() {
        try (var engine = engine(List.of(DB, UP))) {
            set("database_down", 0);
            set("service_down", 1);
            failing.put("service_down", new QueryResult.Failure(QueryResult.Kind.BAD_RESPONSE, "HTTP 200, not Prometheus JSON (<html>)"));
            var cycle = engine.runDue(clock.instant());
            assertThat(cycle.evaluated()).isEqualTo(2);
            assertThat(cycle.unhealthy()).singleElement().satisfies(h -> {
                assertThat(h.rule()).isEqualTo("service_down");
                assertThat(h.lastError()).isEqualTo("bad response: HTTP 200, not Prometheus JSON (<html>)");
            });
            run(engine, Duration.ofSeconds(60));
            assertThat(incidents()).extracting(Incident::source).containsExactly("rule:database_down");
            assertThat(new DetectionStore(database).health()).extracting(h -> h.rule() + ":" + h.ok())
                    .containsExactly("database_down:true", "service_down:false");

            var down = new QueryResult.Failure(QueryResult.Kind.UNREACHABLE, "connection refused");
            failing.put("database_down", down);
            failing.put("service_down", down);
            changes.clear();
            run(engine, Duration.ZERO);
            assertThat(changes).isEmpty();                 // one blind cycle is not enough
            run(engine, Duration.ZERO);
            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(IncidentChange.Kind.OPENED);
                assertThat(c.incident().severity()).isEqualTo(Severity.HIGH);
                assertThat(c.incident().title()).isEqualTo("Detection blind: no Prometheus answered for 2 cycles");
            });
            run(engine, Duration.ofSeconds(60));
            assertThat(incidents()).filteredOn(i -> i.source().equals("firebreak:detection")).hasSize(1);
            failing.clear();
            changes.clear();
            run(engine, Duration.ZERO);
            assertThat(changes).extracting(c -> c.kind() + " " + c.incident().source())
                    .containsExactly("RESOLVED firebreak:detection");
        }
    }

    @Test
    void aStormOfManyRulesIsOneCycleWithEveryRulesIncidentsAndTimelines() {
        List<Rule> rules = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            rules.add(rule("storm_" + r, Duration.ZERO, r % 3 == 0 ? List.of("instance") : List.of(), false));
        }
        try (var engine = engine(rules)) {
            rules.forEach(r -> set(r.name(), 0, 0, 0));   // three breaching series each
            var first = engine.runDue(clock.instant());
            // 8 rules with one group (3 alerts) and 4 rules grouped by instance (3 groups of 1)
            assertThat(first.changes()).hasSize(8 + 4 * 3).allMatch(c -> c.kind() == IncidentChange.Kind.OPENED);
            assertThat(incidents()).extracting(Incident::id).doesNotHaveDuplicates().hasSize(20)
                    .allMatch(id -> id.startsWith("INC-20261128-"));
            assertThat(first.health()).allMatch(h -> h.ok() && h.firing() == 3);
            Incident grouped = incidents().stream().filter(i -> i.source().equals("rule:storm_1")).findFirst().orElseThrow();
            assertThat(timeline(grouped.id())).extracting(IncidentEvent::sequence).containsExactly(1, 2);
            assertThat(timeline(grouped.id())).extracting(IncidentEvent::type).containsExactly(EventType.OPENED, EventType.NOTE);
            assertThat(timeline(grouped.id()).get(1).message()).startsWith("3 alerts firing: ");

            // One cycle later: in storm_1 db1 clears while db4 breaches (it joins, db1 resolves with others still
            // firing: two notes on one incident in one cycle); every other rule clears entirely and resolves.
            clock.advance(INTERVAL);
            rules.forEach(r -> set(r.name()));
            metrics.put("storm_1", List.of(new Sample(Map.of("instance", "db2"), 0), new Sample(Map.of("instance", "db3"), 0),
                    new Sample(Map.of("instance", "db4"), 0)));
            var second = engine.runDue(clock.instant());
            assertThat(second.changes()).hasSize(7 + 4 * 3).allMatch(c -> c.kind() == IncidentChange.Kind.RESOLVED);
            assertThat(new IncidentStore(database).find(grouped.id()).orElseThrow().status()).isEqualTo(IncidentStatus.TRIGGERED);
            assertThat(timeline(grouped.id())).extracting(IncidentEvent::sequence).containsExactly(1, 2, 3, 4);
            assertThat(timeline(grouped.id()).subList(2, 4)).extracting(IncidentEvent::message).satisfiesExactly(
                    joined -> assertThat(joined).startsWith("alert firing: {instance=\"db4\""),
                    resolved -> assertThat(resolved).startsWith("alert resolved: {instance=\"db1\"").endsWith("(3 still firing)"));
        }
        try (var restarted = engine(rules)) {              // the links of firing alerts survive a restart
            clock.advance(INTERVAL);
            rules.forEach(r -> set(r.name()));
            var third = restarted.runDue(clock.instant());
            assertThat(third.changes()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(IncidentChange.Kind.RESOLVED);
                assertThat(c.incident().source()).isEqualTo("rule:storm_1");
            });
            assertThat(incidents()).allMatch(i -> i.status() == IncidentStatus.RESOLVED);
        }
    }

    @Test
    void aRuleWhoseWritesFailIsUnhealthyAndTheOthersOfItsCycleLand() {
        poison("service_down");
        Rule instant = rule("database_down", Duration.ZERO, List.of(), false);
        try (var engine = engine(List.of(instant, UP))) {
            set("database_down", 0);
            metrics.put("service_down", List.of());        // fires on missing
            var cycle = engine.runDue(clock.instant());
            assertThat(cycle.changes()).extracting(c -> c.kind() + " " + c.incident().source()).containsExactly("OPENED rule:database_down");
            assertThat(cycle.unhealthy()).singleElement().satisfies(h -> {
                assertThat(h.rule()).isEqualTo("service_down");
                assertThat(h.lastError()).startsWith("store: ").contains("poisoned by the test");
                assertThat(h.firing()).isZero();           // its state stays as it was
            });
            assertThat(incidents()).extracting(Incident::source).containsExactly("rule:database_down");

            cure();
            clock.advance(INTERVAL);
            var next = engine.runDue(clock.instant());
            assertThat(next.unhealthy()).isEmpty();
            assertThat(next.changes()).extracting(c -> c.kind() + " " + c.incident().source()).containsExactly("OPENED rule:service_down");
            assertThat(new DetectionStore(database).loadStates()).containsOnlyKeys("database_down", "service_down");
        }
    }

    /** Makes every write of {@code rule}'s alerts fail inside the database, as a broken row or a full disk would. */
    void poison(String rule) {
        database.jdbi().useHandle(handle -> {
            if (database.dialect() == Database.Dialect.SQLITE) {
                handle.execute("CREATE TRIGGER poison BEFORE INSERT ON rule_alerts WHEN NEW.rule = '" + rule
                        + "' BEGIN SELECT RAISE(ABORT, 'poisoned by the test'); END");
            } else {
                handle.execute("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.rule = '" + rule
                        + "' THEN RAISE EXCEPTION 'poisoned by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
                handle.execute("CREATE TRIGGER poison BEFORE INSERT ON rule_alerts FOR EACH ROW EXECUTE FUNCTION poison()");
            }
        });
    }

    void cure() {
        database.jdbi().useHandle(handle -> handle.execute(database.dialect() == Database.Dialect.SQLITE
                ? "DROP TRIGGER poison" : "DROP TRIGGER poison ON rule_alerts"));
    }
}
