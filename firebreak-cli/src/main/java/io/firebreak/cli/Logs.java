package io.firebreak.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels that depend on the command: a long-running service logs every delivery attempt, a one-shot command only failures. */
final class Logs {
    private Logs() {}

    /** For {@code run} and {@code detect}: every delivery attempt at INFO, unless FIREBREAK_LOG_LEVEL chose a level. */
    static void serviceLevel(Environment environment) {
        String chosen = environment.variables().apply("FIREBREAK_LOG_LEVEL");
        if (chosen != null && !chosen.isBlank()) {
            return;
        }
        if (LoggerFactory.getLogger("io.firebreak.server.notify.DeliveryLog") instanceof Logger logger) {
            logger.setLevel(Level.INFO);
        }
    }
}
