package io.firebreak.server.store;

import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.TestPostgres;

class RetentionPostgresIT extends RetentionContract {
    @Override
    StorageConfig freshStorage() {
        return TestPostgres.get().newDatabase();
    }
}
