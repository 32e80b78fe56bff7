package io.firebreak.server.store;

import io.firebreak.server.config.StorageConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RetentionSqliteIT extends RetentionContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig freshStorage() {
        return new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null);
    }
}
