package io.firebreak.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.server.store.OutboxRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One key=value line per attempt, at INFO when delivered and WARN otherwise, never with message text. */
class DeliveryLogTest {
    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final OutboxRow ROW = new OutboxRow("INC-20261128-001:1:pagerduty", "INC-20261128-001", 1, "pagerduty", "opened",
            "pending", NOW.minusSeconds(60), NOW, 1, 503, "HTTP 503", null, null, "token", 1, null);

    final Logger logger = (Logger) LoggerFactory.getLogger(DeliveryLog.class);
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

    @Test
    void deliveredIsOneInfoLineWithoutStatus() {
        new DeliveryLog().attempted(ROW, new DeliveryResult.Delivered(Optional.of("dedup-1")), DeliveryLog.Outcome.DELIVERED,
                Duration.ofMillis(87), Optional.empty());
        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).isEqualTo("event=delivery_attempt channel=pagerduty outbox=INC-20261128-001:1:pagerduty"
                    + " incident=INC-20261128-001 event_type=opened attempt=2 outcome=delivered duration_ms=87");
        });
    }

    @Test
    void retryingSaysWhenItIsTriedAgain() {
        var failed = new DeliveryResult.Failed(true, 503, "HTTP 503", Optional.of(Duration.ofSeconds(30)));
        new DeliveryLog().attempted(ROW, failed, DeliveryLog.Outcome.RETRYING, Duration.ofMillis(412), Optional.of(NOW.plusSeconds(30)));
        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("event=delivery_attempt channel=pagerduty outbox=INC-20261128-001:1:pagerduty"
                    + " incident=INC-20261128-001 event_type=opened attempt=2 outcome=retrying status=503 duration_ms=412"
                    + " next_attempt=2026-11-28T03:00:30Z");
        });
    }

    @Test
    void aReasonIsLoggedOnlyWhenFirebreakWroteIt() {
        var timeout = new DeliveryResult.Failed(true, 0, "no answer within 10s", Optional.empty());
        assertThat(DeliveryLog.line(ROW, timeout, DeliveryLog.Outcome.GAVE_UP, Duration.ofSeconds(10), Optional.of(NOW)))
                .endsWith("outcome=gave_up status=0 duration_ms=10000 reason=\"no answer within 10s\"");

        // A receiver's answer may quote the message it was sent: the line keeps only the status.
        var echoed = new DeliveryResult.Failed(false, 400, "HTTP 400: invalid payload {\"text\":\"DB down, password hunter2\"}", Optional.empty());
        String line = DeliveryLog.line(ROW, echoed, DeliveryLog.Outcome.FAILED, Duration.ofMillis(5), Optional.empty());
        assertThat(line).endsWith("outcome=failed status=400 duration_ms=5").doesNotContain("hunter2").doesNotContain("DB down");
    }
}
