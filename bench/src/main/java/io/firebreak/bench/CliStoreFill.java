package io.firebreak.bench;

import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Fills a store for the CLI start benchmark: {@code count} incidents spread over the last weeks,
 * one in four already resolved, the rest left triggered so that each timed {@code incident ack}
 * has one of its own. Goes through {@link IncidentStore}, so the rows are what the CLI and the
 * service write, and the store is migrated to the schema of the jar that runs this.
 *
 * <p>Arguments: JDBC URL, number of incidents. Prints the ids of the triggered incidents, one a line.
 */
public final class CliStoreFill {
    private CliStoreFill() {}

    public static void main(String[] args) {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        PrintStream out = System.out;
        Severity[] severities = Severity.values();
        Instant start = Instant.now().minus(Duration.ofDays(30));
        Duration step = Duration.ofDays(30).dividedBy(Math.max(count, 1));
        try (Database database = Database.open(new StorageConfig(url, "", new Secret(""), 2))) {
            IncidentStore store = new IncidentStore(database);
            for (int i = 0; i < count; i++) {
                Instant at = start.plus(step.multipliedBy(i));
                var spec = new NewIncident("bench incident " + i + ": checkout latency above 2s", severities[i % severities.length],
                        "svc-" + (i % 7), "bench", Map.of("alertname", "HighLatency", "instance", "10.0.0." + (i % 50) + ":8000"),
                        "docs/runbooks/02-high-latency.md", null);
                var incident = store.open(spec, "bench", at);
                if (i % 4 == 0) {
                    store.update(incident.id(), current -> IncidentLifecycle.resolve(current, "bench", "bench", at.plusSeconds(600)));
                } else {
                    out.println(incident.id());
                }
            }
        }
    }
}
