package io.firebreak.core.incident;

import java.util.Locale;
import java.util.Optional;

/** Incident severity. {@code CRITICAL} is SEV1, the worst; {@code LOW} is SEV4. */
public enum Severity {
    CRITICAL(1),
    HIGH(2),
    MEDIUM(3),
    LOW(4);

    private final int level;

    Severity(int level) {
        this.level = level;
    }

    /** The SEV number, 1 (worst) to 4. */
    public int level() {
        return level;
    }

    /** The short name on-call people say out loud: {@code SEV1} .. {@code SEV4}. */
    public String sev() {
        return "SEV" + level;
    }

    /** Accepts {@code CRITICAL|HIGH|MEDIUM|LOW} and {@code SEV1..SEV4}, in any case. */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String upper = text.trim().toUpperCase(Locale.ROOT);
        for (Severity severity : values()) {
            if (severity.name().equals(upper) || severity.sev().equals(upper)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /** The accepted spellings, for error messages. */
    public static String accepted() {
        return "CRITICAL|HIGH|MEDIUM|LOW (or SEV1..SEV4)";
    }
}
