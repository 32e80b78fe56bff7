package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two Firebreak instances on one PostgreSQL: one evaluates per cycle, the other stands by, then takes over with the stored state. */
class DetectionLockIT {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    static final Rule DB = new Rule("database_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, Duration.ofSeconds(60),
            Duration.ZERO, Severity.CRITICAL, "agente-api", "", "database down", "", Map.of(), Map.of(), List.of(), false, true,
            Optional.empty(), "rules.yml:1");

    @Test
    void onlyOneInstanceEvaluatesAndTheOtherTakesOverWithTheStoredState() throws Exception {
        var storage = TestPostgres.get().newDatabase();
        try (Database first = Database.open(storage); Database second = Database.open(storage)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger queries = new AtomicInteger();
            MetricSource slow = (rule, at) -> {
                queries.incrementAndGet();
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new QueryResult.Samples(List.of(new Sample(Map.of(), 0)), "test");
            };
            MetricSource quick = (rule, at) -> {
                queries.incrementAndGet();
                return new QueryResult.Samples(List.of(new Sample(Map.of(), 0)), "test");
            };
            var a = new DetectionEngine(List.of(DB), slow, new DetectionStore(first), Duration.ofSeconds(30), Duration.ofMinutes(5));
            var b = new DetectionEngine(List.of(DB), quick, new DetectionStore(second), Duration.ofSeconds(30), Duration.ofMinutes(5));
            Thread aCycle = Thread.ofPlatform().start(() -> a.runDue(T0));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();    // a holds the lock, mid-cycle
            var skipped = b.runDue(T0);
            assertThat(skipped.evaluated()).isZero();
            assertThat(b.standby()).isTrue();
            release.countDown();
            aCycle.join();
            assertThat(queries.get()).isEqualTo(1);

            a.close();                                                  // a goes away; b takes over
            var taken = b.runDue(T0.plusSeconds(60));                   // a's pending alert (since T0) fires now
            assertThat(taken.evaluated()).isEqualTo(1);
            assertThat(b.standby()).isFalse();
            assertThat(new IncidentStore(second).list(IncidentQuery.all())).singleElement()
                    .satisfies(incident -> assertThat(incident.impactStarted()).isEqualTo(T0));
            b.close();
        }
    }
}
