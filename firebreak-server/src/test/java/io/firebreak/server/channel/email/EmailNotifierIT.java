package io.firebreak.server.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.config.ChannelConfig;
import io.firebreak.server.config.Secret;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The email channel against a real SMTP server (GreenMail): subject, parts, threading, authentication, escaping. */
class EmailNotifierIT {
    static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    static final String PASSWORD = "smtp-password-never-printed";

    GreenMail smtp;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("firebreak@example.com", "firebreak", PASSWORD);
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    EmailNotifier notifier(String password) {
        return new EmailNotifier("management", "firebreak@example.com", List.of("incident-response@example.com", "cto@example.com"),
                new ChannelConfig.SmtpConfig("127.0.0.1", smtp.getSmtp().getPort(), "none", "firebreak", new Secret(password)));
    }

    static Notification notification(int seq, EventType type, NotifyEvent event, IncidentStatus status) {
        Incident incident = new Incident("INC-20261128-001", "Database <down> & \"out\"", Severity.CRITICAL, status, "agente-api",
                "rule:database_down", Map.of(), "docs/runbooks/01-database-down.md", null, null, null, T0, T0, null, null, T0);
        var cause = new IncidentEvent(incident.id(), seq, T0, seq == 1 ? "firebreak" : "alice", type, null, status, "");
        return new Notification(incident.id() + ":" + seq + ":management", "management", event, incident, cause,
                "https://firebreak.example.com/incidents/" + incident.id());
    }

    @Test
    void sendsThreadedTextAndHtmlMailsWithTheIncidentSubject() throws Exception {
        var email = notifier(PASSWORD);
        assertThat(email.send(notification(1, EventType.OPENED, NotifyEvent.OPENED, IncidentStatus.TRIGGERED)))
                .isEqualTo(new DeliveryResult.Delivered(java.util.Optional.empty()));
        assertThat(email.send(notification(2, EventType.ACKNOWLEDGED, NotifyEvent.ACKNOWLEDGED, IncidentStatus.ACKNOWLEDGED)))
                .isInstanceOf(DeliveryResult.Delivered.class);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(4);   // two messages, two recipients each
        MimeMessage first = java.util.Arrays.stream(received).filter(m -> subject(m).contains("[TRIGGERED]")).findFirst().orElseThrow();
        assertThat(first.getSubject()).isEqualTo("[SEV1][TRIGGERED] INC-20261128-001 Database <down> & \"out\" (agente-api)");
        assertThat(first.getMessageID()).isEqualTo("<INC-20261128-001.1.management@firebreak>");
        assertThat(first.getFrom()[0].toString()).isEqualTo("firebreak@example.com");
        MimeMultipart parts = (MimeMultipart) first.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Runbook:  docs/runbooks/01-database-down.md")
                .contains("https://firebreak.example.com/incidents/INC-20261128-001");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("Database &lt;down&gt; &amp; &quot;out&quot;")
                .doesNotContain("<down>");

        MimeMessage reply = java.util.Arrays.stream(received).filter(m -> subject(m).contains("[ACKNOWLEDGED]")).findFirst().orElseThrow();
        assertThat(reply.getSubject()).startsWith("[SEV1][ACKNOWLEDGED] INC-20261128-001");
        assertThat(reply.getHeader("In-Reply-To")).containsExactly("<INC-20261128-001.1.management@firebreak>");
        assertThat(reply.getHeader("References")).containsExactly("<INC-20261128-001.1.management@firebreak>");
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnreachableServerIsRetryableAndNothingPrintsThePassword() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var unreachable = new EmailNotifier("management", "firebreak@example.com", List.of("ops@example.com"),
                new ChannelConfig.SmtpConfig("127.0.0.1", closed, "none", "firebreak", new Secret(PASSWORD)));
        var result = unreachable.send(notification(1, EventType.OPENED, NotifyEvent.OPENED, IncidentStatus.TRIGGERED));
        assertThat(result).isInstanceOfSatisfying(DeliveryResult.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).startsWith("SMTP 127.0.0.1:" + closed + ":").doesNotContain(PASSWORD);
        });
        assertThat(unreachable.toString()).doesNotContain(PASSWORD).contains("<secret>");
    }
}
