package io.firebreak.server.store;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.time.Instant;

/**
 * Run as a separate JVM by {@link CrossProcessIdIT}: says READY on stderr, waits for the start
 * file to appear, then opens incidents as fast as it can and prints their ids, one per line.
 * Arguments: JDBC URL, user, password, count, start file, incident time (ISO instant).
 */
public final class OpenIncidentsProcess {
    private OpenIncidentsProcess() {}

    public static void main(String[] args) throws Exception {
        var storage = new StorageConfig(args[0], args[1], new Secret(args[2]), 2);
        int count = Integer.parseInt(args[3]);
        java.nio.file.Path start = java.nio.file.Path.of(args[4]);
        Instant at = Instant.parse(args[5]);
        try (Database database = Database.open(storage)) {
            IncidentStore store = new IncidentStore(database);
            store.list(IncidentQuery.all());   // warm the pool before the start line
            System.err.println("READY");
            System.err.flush();
            while (!java.nio.file.Files.exists(start)) {
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
