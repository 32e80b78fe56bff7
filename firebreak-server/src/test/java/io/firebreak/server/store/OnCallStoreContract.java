package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.core.incident.NewIncident;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.oncall.Override;
import io.firebreak.server.config.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Overrides, handoff notes and logged time, the same on SQLite and PostgreSQL. */
abstract class OnCallStoreContract {
    static final Instant T0 = Instant.parse("2026-11-04T10:00:00Z");

    Database database;
    OnCallStore store;

    abstract StorageConfig freshStorage();

    @BeforeEach
    void open() {
        database = Database.open(freshStorage());
        store = new OnCallStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Override draft(Override.Kind kind, String person, String replaces, Instant from, Instant to) {
        return new Override("new", "primary", kind, person, replaces, from, to, "tester", T0);
    }

    @Test
    void overlappingOverridesOfTheSamePersonAreRefused() {
        var first = store.addOverride(draft(Override.Kind.REPLACE, "dave", "alice", T0, T0.plus(Duration.ofHours(24))));
        assertThat(first).isInstanceOf(OnCallStore.Added.Ok.class);
        Override stored = ((OnCallStore.Added.Ok) first).override();
        assertThat(stored.id()).matches("OVR-[0-9a-f]{8}");
        assertThat(store.findOverride(stored.id())).contains(stored);

        assertThat(store.addOverride(draft(Override.Kind.REMOVE, null, "alice", T0.plus(Duration.ofHours(23)), T0.plus(Duration.ofHours(30)))))
                .isEqualTo(new OnCallStore.Added.Conflict(stored));
        assertThat(store.addOverride(draft(Override.Kind.REPLACE, "erin", "alice", T0.plus(Duration.ofHours(24)), T0.plus(Duration.ofHours(30)))))
                .as("touching is not overlapping").isInstanceOf(OnCallStore.Added.Ok.class);
        assertThat(store.addOverride(draft(Override.Kind.ADD, "dave", null, T0, T0.plus(Duration.ofHours(2)))))
                .as("adding dave on top does not conflict with dave replacing alice").isInstanceOf(OnCallStore.Added.Ok.class);
        assertThat(store.overrides(Optional.of("primary"), T0, T0.plus(Duration.ofHours(1)))).hasSize(2);
        assertThat(store.overrides(Optional.of("secondary"), T0, T0.plus(Duration.ofDays(9)))).isEmpty();
    }

    @Test
    void concurrentConflictingOverridesLeaveExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OnCallStore.Added>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instant start = T0.plus(Duration.ofMinutes(i));
                Callable<OnCallStore.Added> add = () -> store.addOverride(draft(Override.Kind.ADD, "dave", null, start, start.plus(Duration.ofHours(1))));
                results.add(pool.submit(add));
            }
            int added = 0;
            for (var result : results) {
                added += result.get() instanceof OnCallStore.Added.Ok ? 1 : 0;
            }
            assertThat(added).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void removingEndsAStartedOverrideAndDeletesAPlannedOne() {
        Override started = ((OnCallStore.Added.Ok) store.addOverride(draft(Override.Kind.ADD, "dave", null, T0, T0.plus(Duration.ofHours(5))))).override();
        Override planned = ((OnCallStore.Added.Ok) store.addOverride(draft(Override.Kind.ADD, "erin", null, T0.plus(Duration.ofHours(3)),
                T0.plus(Duration.ofHours(5))))).override();
        Instant now = T0.plus(Duration.ofHours(1));
        assertThat(store.removeOverride(started.id(), now)).isEqualTo(OnCallStore.Removal.ENDED);
        assertThat(store.findOverride(started.id()).orElseThrow().endsAt()).isEqualTo(now);
        assertThat(store.removeOverride(started.id(), now)).isEqualTo(OnCallStore.Removal.ALREADY_OVER);
        assertThat(store.removeOverride(planned.id(), now)).isEqualTo(OnCallStore.Removal.DELETED);
        assertThat(store.removeOverride(planned.id(), now)).isEqualTo(OnCallStore.Removal.NOT_FOUND);
    }

    @Test
    void notesExpireAndTimeIsLoggedOnlyOnIncidentsThatExist() {
        store.addNote(OnCallNote.Kind.WATCH_OUT, "PMS latency", "alice", T0, T0.plus(Duration.ofDays(7)));
        store.addNote(OnCallNote.Kind.KNOWN_ISSUE, "Redis failover", "bob", T0, T0.plus(Duration.ofDays(1)));
        assertThat(store.notes(T0.plus(Duration.ofDays(2)))).extracting(OnCallNote::text).containsExactly("PMS latency");

        String id = new IncidentStore(database).open(new NewIncident("db down", Severity.CRITICAL, "agente-api", "manual", null, null, null),
                "alice", T0).id();
        assertThat(store.logTime(id, "bob", Duration.ofMinutes(90), T0, "failover", T0)).isTrue();
        assertThat(store.logTime("INC-20261104-999", "bob", Duration.ofMinutes(90), T0, "", T0)).isFalse();
        assertThat(store.timeLogs(T0, T0.plusSeconds(1))).singleElement()
                .satisfies(log -> assertThat(log.spent()).isEqualTo(Duration.ofMinutes(90)));
    }
}
