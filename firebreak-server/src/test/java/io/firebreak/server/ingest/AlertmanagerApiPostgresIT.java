package io.firebreak.server.ingest;

import io.firebreak.server.testing.ServiceHarness;

/** {@link AlertmanagerApiIT} on PostgreSQL: the silence updates and expiry are SQL both stores must run. */
class AlertmanagerApiPostgresIT extends AlertmanagerApiIT {
    @Override
    ServiceHarness startHarness() throws Exception {
        return ServiceHarness.postgres("");
    }
}
