package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.rule.Comparison;
import io.firebreak.core.rule.Rule;
import io.firebreak.core.rule.Sample;
import io.firebreak.server.config.StorageConfig;
import io.firebreak.server.prometheus.QueryResult;
import io.firebreak.server.store.Database;
import io.firebreak.server.store.DetectionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The detection engine over a real SQLite store logs a failing rule once, not every cycle, and its recovery. */
class EvaluationLogIT {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    Database database;
    final Logger logger = (Logger) LoggerFactory.getLogger(EvaluationLog.class);
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Level previousLevel;

    @BeforeEach
    void setUp() {
        database = Database.open(new StorageConfig("jdbc:sqlite:" + dir.resolve("firebreak.db"), null, null, null));
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        database.close();
    }

    @Test
    void aFailingRuleIsLoggedWhenItStartsAndWhenItRecovers() {
        Rule rule = new Rule("database_down", "rules.yml", "pg_up", Optional.of(Comparison.LT), 1, Duration.ZERO, Duration.ZERO,
                Severity.CRITICAL, "agente-api", "", "database down", "", Map.of(), Map.of(), List.of(), false, true,
                Optional.empty(), "rules.yml:1");
        AtomicReference<QueryResult> answer = new AtomicReference<>(new QueryResult.Failure(QueryResult.Kind.BAD_QUERY, "parse error at char 3"));
        try (var engine = new DetectionEngine(List.of(rule), (r, at) -> answer.get(), new DetectionStore(database), INTERVAL,
                Duration.ofMinutes(5))) {
            for (int cycle = 0; cycle < 5; cycle++) {
                engine.runDue(T0.plus(INTERVAL.multipliedBy(cycle)));
            }
            answer.set(new QueryResult.Samples(List.of(new Sample(Map.of(), 1)), "test"));
            engine.runDue(T0.plus(INTERVAL.multipliedBy(5)));
            engine.runDue(T0.plus(INTERVAL.multipliedBy(6)));
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                failed -> assertThat(failed).startsWith("event=evaluation_failed rule=database_down error=\"bad query: parse error at char 3\"")
                        .endsWith(" since=2026-11-28T02:00:00Z"),
                recovered -> assertThat(recovered).isEqualTo("event=evaluation_recovered rule=database_down failing_since=2026-11-28T02:00:00Z"));
    }
}
