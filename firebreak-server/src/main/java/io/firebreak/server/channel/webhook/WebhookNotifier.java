package io.firebreak.server.channel.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.api.IncidentJson;
import io.firebreak.server.channel.HttpSender;
import io.firebreak.server.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JSON POST per event: {@code {"event", "incident", "timeline_entry", "incident_url"}}, with an
 * {@code Idempotency-Key} that stays the same across retries, custom headers, and with a secret an
 * {@code X-Firebreak-Signature: sha256=<hex HMAC-SHA256 of the body>} header.
 */
public final class WebhookNotifier implements Notifier {
    public static final String SIGNATURE_HEADER = "X-Firebreak-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Secret url;
    private final Secret secret;
    private final Map<String, Secret> headers;
    private final HttpSender http;

    public WebhookNotifier(String name, Secret url, Secret secret, Map<String, Secret> headers, HttpSender http) {
        this.name = name;
        this.url = url;
        this.secret = secret;
        this.headers = Map.copyOf(headers);
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.allOf(NotifyEvent.class);
    }

    public static String body(Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", notification.event().wireName());
        body.put("incident", IncidentJson.incident(notification.incident()));
        body.put("timeline_entry", IncidentJson.event(notification.cause()));
        body.put("incident_url", notification.incidentUrl());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident JSON is maps of strings and numbers", e);
        }
    }

    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    @Override
    public DeliveryResult send(Notification notification) {
        String body = body(notification);
        Map<String, String> all = new LinkedHashMap<>();
        headers.forEach((header, value) -> all.put(header, value.isEmpty() ? "" : value.value()));
        all.put("Content-Type", "application/json");
        all.put("Idempotency-Key", notification.key());
        all.put("X-Firebreak-Event", notification.event().wireName());
        if (secret != null && !secret.isEmpty()) {
            all.put(SIGNATURE_HEADER, sign(secret.value(), body));
        }
        return http.post(URI.create(url.value()), all, body).result();
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + name + ", url=" + Secret.MASK + "]";
    }

    @Override
    public void close() {
        http.close();
    }
}
