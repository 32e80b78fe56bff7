package io.firebreak.server.engine;

import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.testing.TestPostgres;

class DetectionSmokePostgresIT extends DetectionSmokeContract {
    @Override
    StorageConfig freshStorage() {
        return TestPostgres.get().newDatabase();
    }
}
