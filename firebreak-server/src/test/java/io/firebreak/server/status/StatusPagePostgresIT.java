package io.firebreak.server.status;

import io.firebreak.server.testing.ServiceHarness;

/** The public status page on a real PostgreSQL. */
class StatusPagePostgresIT extends StatusPageContract {
    @Override
    ServiceHarness startService(String yaml) throws Exception {
        return ServiceHarness.postgres(yaml);
    }
}
