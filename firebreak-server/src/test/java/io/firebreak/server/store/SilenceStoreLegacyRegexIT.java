package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.firebreak.core.mute.Silence;
import io.firebreak.server.config.StorageConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A silence stored before matchers moved to RE2/J, with a regex only the JDK accepted, still lists
 * (so it can be expired) but mutes nothing, and is logged once.
 */
class SilenceStoreLegacyRegexIT {
    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

    @TempDir
    Path dir;

    Database database;
    final Logger logger = (Logger) LoggerFactory.getLogger(SilenceStore.class);
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void setUp() {
        database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null));
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
        database.close();
    }

    @Test
    void aLookaheadSilenceListsButMutesNothing() {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                        INSERT INTO silences (id, matchers, starts_at, ends_at, author, comment, created)
                        VALUES ('SIL-0ld0ld00', :matchers, :starts, :ends, 'alice', 'maintenance', :starts)""")
                .bind("matchers", "[\"service=\\\"agente-api\\\"\", \"instance=~\\\"(?!db).*\\\"\"]")
                .bind("starts", NOW.minusSeconds(600).toEpochMilli()).bind("ends", NOW.plusSeconds(3600).toEpochMilli()).execute());
        var store = new SilenceStore(database);

        List<Silence> first = store.list(NOW, false);
        List<Silence> second = store.list(NOW, false);

        assertThat(first).singleElement().satisfies(silence -> {
            assertThat(silence.matchers()).extracting(Object::toString)
                    .containsExactly("service=\"agente-api\"", "instance=~\"(?!db).*\"");
            assertThat(silence.matches(Map.of("service", "agente-api", "instance", "api-1"))).isFalse();
            assertThat(silence.matches(Map.of("service", "agente-api", "instance", "db-1"))).isFalse();
        });
        assertThat(second).hasSize(1);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("event=silence_matcher_invalid silence=SIL-0ld0ld00 reason=\"invalid regex in 'instance=~\\\"(?!db).*\\\"':");
        assertThat(store.expire("SIL-0ld0ld00", NOW)).isTrue();
    }
}
