package io.firebreak.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failing rule logs when its error starts, changes and ends, not every cycle. */
class EvaluationLogTest {
    static final Instant T0 = Instant.parse("2026-11-28T03:00:00Z");
    static final Duration TOOK = Duration.ofMillis(3);

    final Logger logger = (Logger) LoggerFactory.getLogger(EvaluationLog.class);
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    static Instant cycle(int n) {
        return T0.plusSeconds(30L * n);
    }

    @Test
    void anErrorIsLoggedWhenItStartsChangesAndEnds() {
        var log = new EvaluationLog();
        log.evaluated("high_error_rate", "", TOOK, cycle(0));
        log.evaluated("high_error_rate", "unreachable: connection refused", TOOK, cycle(1));
        log.evaluated("high_error_rate", "unreachable: connection refused", TOOK, cycle(2));
        log.evaluated("high_error_rate", "unreachable: no answer within 10s", TOOK, cycle(3));
        log.evaluated("high_error_rate", "unreachable: no answer within 12s", TOOK, cycle(4));   // only a number differs
        log.evaluated("high_error_rate", "", TOOK, cycle(5));
        log.evaluated("high_error_rate", "", TOOK, cycle(6));

        assertThat(appender.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "event=evaluation_failed rule=high_error_rate"
                        + " error=\"unreachable: connection refused\" duration_ms=3 since=2026-11-28T03:00:30Z"),
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "event=evaluation_failed rule=high_error_rate"
                        + " error=\"unreachable: no answer within 10s\" duration_ms=3 since=2026-11-28T03:00:30Z"),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, "event=evaluation_recovered rule=high_error_rate"
                        + " failing_since=2026-11-28T03:00:30Z"));
    }

    @Test
    void rulesAreTrackedApart() {
        var log = new EvaluationLog();
        log.evaluated("a", "bad data: parse error", TOOK, cycle(0));
        log.evaluated("b", "bad data: parse error", TOOK, cycle(0));
        log.evaluated("a", "bad data: parse error", TOOK, cycle(1));
        log.evaluated("b", "", TOOK, cycle(1));
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "event=evaluation_failed rule=a error=\"bad data: parse error\" duration_ms=3 since=2026-11-28T03:00:00Z",
                "event=evaluation_failed rule=b error=\"bad data: parse error\" duration_ms=3 since=2026-11-28T03:00:00Z",
                "event=evaluation_recovered rule=b failing_since=2026-11-28T03:00:00Z");
    }
}
