package io.firebreak.server.store;

import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.TestPostgres;

class OnCallStorePostgresIT extends OnCallStoreContract {
    @java.lang.Override
    StorageConfig freshStorage() {
        return TestPostgres.get().newDatabase();
    }
}
