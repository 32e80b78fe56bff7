package io.firebreak.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Someone who can be on call: how to reach them (email, Slack user id, phone for later), their
 * time zone, and the hourly rate incident response is paid at (optional).
 */
public record PersonConfig(String name, String email, String slack, String phone, String timezone, BigDecimal hourlyRate) {
    public PersonConfig {
        name = name == null ? "" : name.strip();
        email = email == null ? "" : email.strip();
        slack = slack == null ? "" : slack.strip();
        phone = phone == null ? "" : phone.strip();
        timezone = timezone == null ? "" : timezone.strip();
    }

    public Optional<BigDecimal> rate() {
        return Optional.ofNullable(hourlyRate);
    }

    /** Whether a name in a timeline (the person's name, email or Slack id, in any case) means this person. */
    public boolean answersTo(String handle) {
        if (handle == null || handle.isBlank()) {
            return false;
        }
        String wanted = handle.strip().toLowerCase(Locale.ROOT);
        return wanted.equals(name.toLowerCase(Locale.ROOT)) || !email.isEmpty() && wanted.equals(email.toLowerCase(Locale.ROOT))
                || !slack.isEmpty() && wanted.equals(slack.toLowerCase(Locale.ROOT));
    }
}
