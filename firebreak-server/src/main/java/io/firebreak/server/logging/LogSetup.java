package io.firebreak.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Function;

/**
 * Firebreak's logging, set up in code (found by logback as a service) rather than read from a
 * {@code logback.xml}: logback's XML configurator sets up an XML parser and a model of the file
 * first, which a one-shot command pays on every start for six lines of configuration.
 *
 * <p>Logs go to stderr, so that a command's output on stdout stays clean for scripts. Library
 * chatter (Flyway, HikariCP, JDBI) is kept to warnings. {@code DeliveryLog} (one line per delivery
 * attempt) logs failures only: {@code firebreak run} and {@code detect} turn its successes on.
 * {@code EvaluationLog} (a rule whose evaluation starts failing, changes error or recovers) logs at
 * INFO. {@code $FIREBREAK_LOG_LEVEL} sets all three levels. A file of one's own still wins:
 * {@code -Dlogback.configurationFile=FILE}, or a {@code logback-test.xml} on the class path.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The layout of a line: time, level, the logger's short name, the message. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

    private final Function<String, String> environment;

    /** For logback's service loader: levels from the process environment. */
    public LogSetup() {
        this(System::getenv);
    }

    LogSetup(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;   // someone's own file: logback's XML configurator reads it
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        String chosen = environment.apply("FIREBREAK_LOG_LEVEL");
        Level root = level(chosen, Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.jdbi").setLevel(Level.WARN);
        context.getLogger("io.firebreak.server.notify.DeliveryLog").setLevel(root);
        context.getLogger("io.firebreak.server.engine.EvaluationLog").setLevel(level(chosen, Level.INFO));
        ch.qos.logback.classic.Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@link #configure} on a context of a test's own. */
    ExecutionStatus configureFor(LoggerContext context) {
        setContext(context);
        return configure(context);
    }

    /** {@code text} as a level (TRACE, DEBUG, INFO, WARN, ERROR, OFF; any case), else {@code otherwise}. */
    static Level level(String text, Level otherwise) {
        return text == null || text.isBlank() ? otherwise : Level.toLevel(text.strip(), otherwise);
    }
}
