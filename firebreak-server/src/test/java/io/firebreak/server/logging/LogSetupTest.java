package io.firebreak.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging set up in code: levels, stderr, and a file of one's own winning over it. */
class LogSetupTest {

    @Test
    void theProcessIsConfiguredByIt() {
        // logback found it as a service and no XML configuration ran: the appender is LogSetup's.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
    }

    @Test
    void warningsByDefaultWithRuleEvaluationAtInfoAndLogsOnStderr() {
        LoggerContext context = new LoggerContext();
        var status = new LogSetup(Map.<String, String>of()::get).configureFor(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.firebreak.server.notify.DeliveryLog").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.firebreak.server.engine.EvaluationLog").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.jdbi").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
        var appender = (ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
    }

    @Test
    void firebreakLogLevelSetsTheRootDeliveriesAndEvaluations() {
        LoggerContext context = new LoggerContext();
        new LogSetup(Map.of("FIREBREAK_LOG_LEVEL", "debug")::get).configureFor(context);

        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.firebreak.server.notify.DeliveryLog").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.firebreak.server.engine.EvaluationLog").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.jdbi").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anUnknownLevelKeepsTheDefaults() {
        assertThat(LogSetup.level("loud", Level.WARN)).isEqualTo(Level.WARN);
        assertThat(LogSetup.level(" error ", Level.WARN)).isEqualTo(Level.ERROR);
        assertThat(LogSetup.level(null, Level.INFO)).isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileOfOnesOwnWins() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/tmp/mine.xml");
        try {
            LoggerContext context = new LoggerContext();
            var status = new LogSetup(Map.<String, String>of()::get).configureFor(context);
            assertThat(status).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
