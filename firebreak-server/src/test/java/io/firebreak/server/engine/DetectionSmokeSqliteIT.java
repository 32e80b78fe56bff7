package io.firebreak.server.engine;

import io.firebreak.server.config.StorageConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DetectionSmokeSqliteIT extends DetectionSmokeContract {
    @TempDir
    Path dir;

    @Override
    StorageConfig freshStorage() {
        return new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null);
    }
}
