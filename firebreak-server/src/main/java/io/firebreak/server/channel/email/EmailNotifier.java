package io.firebreak.server.channel.email;

import io.firebreak.core.escalation.Contact;
import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.template.ChannelTemplates;
import io.firebreak.server.config.ChannelConfig;
import io.firebreak.server.config.Secret;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Email through SMTP (Angus Mail): STARTTLS, implicit TLS or none, with authentication when a
 * username is set. Each message is text and HTML; all messages of one incident form one thread
 * (the first one's Message-ID in In-Reply-To and References of the others). Subject:
 * {@code [SEV1][TRIGGERED] INC-20261128-001 Database down (agente-api)}.
 */
public final class EmailNotifier implements Notifier {
    private final String name;
    private final String from;
    private final List<String> to;
    private final ChannelConfig.SmtpConfig smtp;
    private final Session session;
    private final ChannelTemplates templates;

    public EmailNotifier(String name, String from, List<String> to, ChannelConfig.SmtpConfig smtp) {
        this(name, from, to, smtp, ChannelTemplates.builtIn());
    }

    public EmailNotifier(String name, String from, List<String> to, ChannelConfig.SmtpConfig smtp, ChannelTemplates templates) {
        this(name, from, to, smtp, templates, SMTP_TIMEOUT);
    }

    /** How long connecting to, reading from or writing to the SMTP server may take in the service. */
    static final java.time.Duration SMTP_TIMEOUT = java.time.Duration.ofSeconds(10);

    /**
     * @param timeout how long each step of talking to the SMTP server may take: a one-shot command
     *                passes its short request timeout, so a hanging server cannot hold it up
     */
    public EmailNotifier(String name, String from, List<String> to, ChannelConfig.SmtpConfig smtp, ChannelTemplates templates,
                         java.time.Duration timeout) {
        this.templates = templates;
        this.name = name;
        this.from = from;
        this.to = List.copyOf(to);
        this.smtp = smtp;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        String millis = Long.toString(Math.max(1, timeout.toMillis()));
        properties.put("mail.smtp.connectiontimeout", millis);
        properties.put("mail.smtp.timeout", millis);
        properties.put("mail.smtp.writetimeout", millis);
        switch (smtp.tls()) {
            case "starttls" -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
            }
            case "implicit" -> properties.put("mail.smtp.ssl.enable", "true");
            default -> { }
        }
        Authenticator authenticator = null;
        if (!smtp.username().isEmpty()) {
            properties.put("mail.smtp.auth", "true");
            Secret password = smtp.password();
            String username = smtp.username();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(username, password.value());
                }
            };
        }
        this.session = Session.getInstance(properties, authenticator);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.allOf(NotifyEvent.class);
    }

    /** The Message-ID of an incident's message to this channel; the OPENED one (event 1) roots the thread. */
    static String messageId(String incidentId, int eventSeq, String channel) {
        return "<" + incidentId + "." + eventSeq + "." + channel.replaceAll("[^A-Za-z0-9-]", "_") + "@firebreak>";
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public MimeMessage message(Notification notification) throws MessagingException {
        Incident incident = notification.incident();
        String id = messageId(incident.id(), notification.cause().sequence(), name);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);   // stable across retries, so threading and de-duplication work
            }
        };
        message.setFrom(new InternetAddress(from));
        for (String recipient : recipients(notification)) {
            message.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(templates.render("email-subject", notification).strip(), StandardCharsets.UTF_8.name());
        if (notification.cause().sequence() > 1) {
            String root = messageId(incident.id(), 1, name);
            message.setHeader("In-Reply-To", root);
            message.setHeader("References", root);
        }
        String text = templates.render("email-text", notification);
        String htmlBody = templates.render("email-html", notification);
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(htmlBody, "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** A page goes to the person paged, and to nobody else; every other message to the channel's list. */
    List<String> recipients(Notification notification) {
        if (notification.event() == NotifyEvent.PAGE) {
            return notification.recipient().map(Contact::email).filter(email -> !email.isEmpty()).map(List::of).orElse(to);
        }
        return to;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        if (recipients(notification).isEmpty()) {
            return new DeliveryResult.Failed(false, 0, "no recipient: the channel has no 'to' and the message is not a page to a person",
                    Optional.empty());
        }
        try {
            Transport.send(message(notification));
            return new DeliveryResult.Delivered(Optional.empty());
        } catch (SMTPAddressFailedException e) {
            return new DeliveryResult.Failed(e.getReturnCode() < 500, e.getReturnCode(), "recipient refused: SMTP " + e.getReturnCode(), Optional.empty());
        } catch (SMTPSendFailedException e) {
            return new DeliveryResult.Failed(e.getReturnCode() < 500, e.getReturnCode(), "SMTP " + e.getReturnCode() + " " + firstLine(e.getMessage()), Optional.empty());
        } catch (jakarta.mail.AuthenticationFailedException e) {
            return new DeliveryResult.Failed(false, 535, "SMTP authentication failed for " + smtp.username(), Optional.empty());
        } catch (MessagingException e) {
            // Connection refused, TLS handshake, timeouts: the server may be back soon.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new DeliveryResult.Failed(true, 0, "SMTP " + smtp.host() + ":" + smtp.port() + ": " + cause.getClass().getSimpleName(), Optional.empty());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + name + ", smtp=" + smtp.host() + ":" + smtp.port() + ", password=" + Secret.MASK + "]";
    }
}
