package io.firebreak.server.store;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.time.Instant;

/**
 * Run as a separate JVM by {@link CrossProcessIdIT}: waits until an agreed wall-clock instant,
 * then opens incidents as fast as it can and prints their ids, one per line.
 * Arguments: JDBC URL, user, password, count, start (epoch millis), incident time (ISO instant).
 */
public final class OpenIncidentsProcess {
    private OpenIncidentsProcess() {}

    public static void main(String[] args) throws Exception {
        var storage = new StorageConfig(args[0], args[1], new Secret(args[2]), 2);
        int count = Integer.parseInt(args[3]);
        long start = Long.parseLong(args[4]);
        Instant at = Instant.parse(args[5]);
        try (Database database = Database.open(storage)) {
            IncidentStore store = new IncidentStore(database);
            store.list(IncidentQuery.all());   // warm the pool before the start line
            while (System.currentTimeMillis() < start) {
                Thread.onSpinWait();
            }
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < count; i++) {
                ids.append(store.open(NewIncident.manual("race " + i, Severity.HIGH, "race"), "proc", at).id()).append('\n');
            }
            System.out.print(ids);
        }
    }
}
