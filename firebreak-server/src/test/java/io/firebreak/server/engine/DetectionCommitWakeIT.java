package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.Severity;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.core.routing.Route;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.Leases;
import io.firebreak.server.store.Outbox;
import io.firebreak.server.store.OutboxRow;
import io.firebreak.server.store.OutboxStore;
import io.firebreak.server.store.RuleHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection tells the service its pages are committed as soon as they are, before it writes the
 * cycle's rule health: what the service wakes delivery with. Over a real SQLite store, the hook
 * sees, from other connections, the incident and its outbox row committed and ready to claim, and
 * not yet the health of the cycle that opened it.
 */
class DetectionCommitWakeIT {
    static final Instant T0 = Instant.parse("2026-11-30T01:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void theHookRunsOnceThePageIsCommittedAndBeforeRuleHealthIsWritten() {
        Rule rule = new Rule("database_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, Duration.ZERO, Duration.ZERO,
                Severity.CRITICAL, "agente-api", "", "database down", "", Map.of(), Map.of(), List.of(), false, true,
                Optional.empty(), "rules.yml:1");
        try (Database database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null))) {
            var route = new Route(List.of(), List.of("hooks"), Set.of(), false);
            var incidents = new IncidentStore(database, new Outbox(List.of(route), Map.of("hooks", EnumSet.allOf(NotifyEvent.class))));
            var detection = new DetectionStore(database, incidents);
            var outbox = new OutboxStore(database);
            List<String> seen = new ArrayList<>();
            Runnable committed = () -> {
                // What a delivery thread woken now finds: the page, claimable; the cycle's health, not yet there.
                List<OutboxRow> claimable = outbox.claim(T0, 10, Set.of("hooks"));
                seen.add("rows=" + claimable.size() + " open=" + new IncidentStore(database).openBySeverity().getOrDefault(Severity.CRITICAL, 0)
                        + " health=" + detection.health().stream().map(RuleHealth::rule).toList());
                claimable.forEach(row -> outbox.release(row, row.due()));
            };
            var leadership = new Leadership(new Leases(database), DetectionEngine.MODULE, "test", Leadership.ttlFor(INTERVAL));
            try (var engine = new DetectionEngine(List.of(rule), (r, at) -> new QueryResult.Samples(List.of(new Sample(Map.of(), 0)), "test"),
                    detection, INTERVAL, Duration.ofMinutes(5), leadership, committed)) {
                engine.runDue(T0);
                assertThat(seen).containsExactly("rows=1 open=1 health=[]");
                assertThat(detection.health()).extracting(RuleHealth::rule).containsExactly("database_down");

                engine.runDue(T0.plus(INTERVAL));   // still down: nothing new to page, so no wake
                assertThat(seen).hasSize(1);
            }
        }
    }
}
