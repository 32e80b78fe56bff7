package io.firebreak.server.status;

import io.firebreak.server.testing.ServiceHarness;

/** The public status page on the embedded SQLite store. */
class StatusPageIT extends StatusPageContract {
    @Override
    ServiceHarness startService(String yaml) throws Exception {
        return ServiceHarness.sqlite(yaml);
    }
}
