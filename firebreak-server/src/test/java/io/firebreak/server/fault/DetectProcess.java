package io.firebreak.server.fault;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.engine.DetectionEngine;
import io.firebreak.server.engine.Leadership;
import io.firebreak.server.engine.MetricSource;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A detection instance in a process of its own, for the kill -9 test: evaluates one always-breached
 * rule every {@link #INTERVAL} in real time on a PostgreSQL store, its loop waking every 200 ms, and
 * says on stdout when it first evaluates ({@code EVALUATED}) or first stands by ({@code STANDBY}).
 * Runs until killed, at most a minute.
 *
 * <p>Arguments: JDBC URL, user, password, holder name.
 */
public final class DetectProcess {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Rule STUCK = new Rule("queue_stuck", "rules.yml", "queue_depth", Optional.of(Comparison.GT), 100, Duration.ofSeconds(6),
            Duration.ZERO, Severity.HIGH, "agente-api", "", "queue stuck", "", Map.of(), Map.of(), List.of(), false, true,
            Optional.empty(), "rules.yml:1");

    private DetectProcess() {}

    public static void main(String[] args) throws Exception {
        var storage = new StorageConfig(args[0], args[1], new Secret(args[2]), 2);
        MetricSource breached = (rule, at) -> new QueryResult.Samples(List.of(new Sample(Map.of("queue", "q1"), 500)), "test");
        boolean saidEvaluated = false;
        boolean saidStandby = false;
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Database database = Database.open(storage)) {
            var store = new DetectionStore(database);
            var engine = new DetectionEngine(List.of(STUCK), breached, store, INTERVAL, Duration.ofMinutes(5),
                    new Leadership(store.leases(), DetectionEngine.MODULE, args[3], Leadership.ttlFor(INTERVAL)));
            while (System.nanoTime() < end) {
                var cycle = engine.runDue(Instant.now());
                if (cycle.evaluated() > 0 && !saidEvaluated) {
                    System.out.println("EVALUATED " + Instant.now());
                    saidEvaluated = true;
                } else if (cycle.standby() && !saidStandby) {
                    System.out.println("STANDBY " + Instant.now());
                    saidStandby = true;
                }
                System.out.flush();
                Thread.sleep(200);
            }
        }
    }
}
