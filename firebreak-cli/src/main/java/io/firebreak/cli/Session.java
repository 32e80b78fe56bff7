package io.firebreak.cli;

import io.firebreak.server.config.LoadedConfig;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.StoreUnavailableException;
import java.util.List;

/** A loaded configuration and an open store, for the length of one command. */
final class Session implements AutoCloseable {
    final LoadedConfig config;
    final Database database;
    final IncidentStore incidents;

    private Session(LoadedConfig config, Database database) {
        this.config = config;
        this.database = database;
        this.incidents = new IncidentStore(database);
    }

    static Session open(ConfigOption option, Environment environment) {
        LoadedConfig config = option.load(environment);
        try {
            return new Session(config, Database.open(config.storage()));
        } catch (StoreUnavailableException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, List.of(e.getMessage()));
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
