package io.firebreak.server.status;

import io.firebreak.server.testing.ServiceHarness;

/** The public status page on a real PostgreSQL. */
class StatusPagePostgresIT extends StatusPageContract {
    @Override
    ServiceHarness start(String yaml) throws Exception {
        return ServiceHarness.postgres(yaml);
    }
}
