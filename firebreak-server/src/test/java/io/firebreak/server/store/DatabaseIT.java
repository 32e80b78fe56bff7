package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.server.config.Secret;
import io.firebreak.server.config.StorageConfig;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DatabaseIT {

    @Test
    void unreachablePostgresNamesTheUrlButNotThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var storage = new StorageConfig("jdbc:postgresql://127.0.0.1:" + port + "/firebreak?password=hunter2hunter2",
                "firebreak", new Secret("s3cr3t-pass"), 2);
        assertThatThrownBy(() -> Database.open(storage))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("cannot reach the database at jdbc:postgresql://127.0.0.1:" + port + "/firebreak?password=<secret>")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cr3t-pass");
        assertThat(storage.toString()).doesNotContain("hunter2").doesNotContain("s3cr3t-pass");
    }
}
