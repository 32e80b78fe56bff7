package io.firebreak.server.config;

import java.math.BigDecimal;

/**
 * A person Firebreak can page and put on call: email address, Slack user id ({@code U0ALICE}, for
 * an {@code <@U0ALICE>} mention), phone (for later), IANA time zone and hourly rate (optional, for
 * compensation).
 */
public record PersonConfig(String name, String email, String slack, String phone, String timezone, BigDecimal hourlyRate) {
    public PersonConfig {
        name = name == null ? "" : name;
        email = email == null ? "" : email;
        slack = slack == null ? "" : slack;
        phone = phone == null ? "" : phone;
        timezone = timezone == null ? "" : timezone;
    }
}
