package io.firebreak.cli;

import io.firebreak.server.testing.TestPostgres;

class IncidentCliPostgresIT extends IncidentCliContract {
    @Override
    String storageYaml() {
        var storage = TestPostgres.get().newDatabase();
        return "storage:\n  url: " + storage.url() + "\n  username: " + storage.username()
                + "\n  password: ${TEST_PG_PASSWORD:-}\n";
    }
}
