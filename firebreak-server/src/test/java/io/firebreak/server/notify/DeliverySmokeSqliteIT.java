package io.firebreak.server.notify;

import io.firebreak.server.config.StorageConfig;

class DeliverySmokeSqliteIT extends DeliverySmokeContract {
    @Override
    StorageConfig freshStorage() {
        return new StorageConfig("jdbc:sqlite:" + dir.resolve("fb.db"), null, null, null);
    }
}
