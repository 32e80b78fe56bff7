package io.firebreak.server.notify;

import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.TestPostgres;

class DeliverySmokePostgresIT extends DeliverySmokeContract {
    @Override
    StorageConfig freshStorage() {
        return TestPostgres.get().newDatabase();
    }
}
