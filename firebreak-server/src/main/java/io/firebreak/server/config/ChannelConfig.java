package io.firebreak.server.config;

import java.util.List;
import java.util.Map;

/**
 * A notification channel. {@code type} says which keys apply: slack (url), pagerduty (routing_key,
 * optional url), email (from, to, smtp), webhook (url, optional secret and headers), statuspage
 * (page_id, api_key, optional url), console. URLs, keys, secrets and header values (an
 * {@code Authorization} header is a credential) print as {@code <secret>}.
 */
public record ChannelConfig(
        String name,
        String type,
        Secret url,
        Secret routingKey,
        String from,
        List<String> to,
        SmtpConfig smtp,
        Secret secret,
        String pageId,
        Secret apiKey,
        Map<String, Secret> headers) {

    public ChannelConfig {
        name = name == null ? "" : name;
        type = type == null ? "" : type;
        to = to == null ? List.of() : List.copyOf(to);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The channel types Firebreak knows. */
    public static final List<String> TYPES = List.of("slack", "pagerduty", "email", "webhook", "statuspage", "console");

    /** SMTP server settings for an email channel; {@code tls} is starttls, implicit or none. */
    public record SmtpConfig(String host, Integer port, String tls, String username, Secret password) {
        public SmtpConfig {
            tls = tls == null ? "starttls" : tls;
            port = port == null ? ("implicit".equals(tls) ? 465 : 587) : port;
            username = username == null ? "" : username;
            password = password == null ? new Secret("") : password;
        }
    }
}
