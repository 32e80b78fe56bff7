package io.firebreak.server.template;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.NotifyEvent;

/**
 * The words every channel shares: a headline per event and what the reader should do next. It sits
 * with the templates, which expose it to users, so that channels depend on templates and never the
 * other way round.
 */
public final class Messages {
    private Messages() {}

    /** {@code [SEV1][TRIGGERED] INC-20261128-001 Database down (agente-api)}. */
    public static String headline(Incident incident) {
        return "[" + incident.severity().sev() + "][" + incident.status() + "] " + incident.id() + " " + incident.title()
                + (incident.service().isEmpty() ? "" : " (" + incident.service() + ")");
    }

    public static String what(Notification notification) {
        String message = notification.cause().message();
        String event = switch (notification.event()) {
            case OPENED -> "Incident opened";
            case REOPENED -> "Incident re-opened";
            case ACKNOWLEDGED -> "Acknowledged by " + notification.cause().actor();
            case STATUS_CHANGED -> "Status " + notification.incident().status() + " (" + notification.cause().actor() + ")";
            case ESCALATED -> "Escalated";
            case COMMANDER_ASSIGNED -> "Incident commander assigned";
            case PUBLIC_UPDATE -> "Public update";
            case RESOLVED -> "Resolved by " + notification.cause().actor();
            case PAGE -> notification.recipient().map(person -> "Page for " + person.name()).orElse("Page");
            case RTO_WARNING -> "RTO warning";
            case RTO_BREACHED -> "RTO breached";
            case STAKEHOLDER_UPDATE -> "Stakeholder update";
        };
        if (notification.event() == NotifyEvent.STAKEHOLDER_UPDATE) {
            // the message is "Management update to NAME" and, after a blank line, the whole update
            int body = message.indexOf("\n\n");
            return body < 0 ? message : message.substring(body + 2);
        }
        return message.isEmpty() ? event : event + ": " + message;
    }

    /** What the person reading should do now. */
    public static String next(Notification notification) {
        Incident incident = notification.incident();
        if (notification.event() == NotifyEvent.RESOLVED) {
            return "Nothing to do now. " + (incident.severity().level() <= 2 ? "A post-mortem is due for " + incident.severity().sev() + "." : "");
        }
        if (notification.event() == NotifyEvent.PAGE && incident.status() != io.firebreak.core.incident.IncidentStatus.TRIGGERED) {
            return "Acknowledged, but it needs you: join the incident (" + incident.id() + ").";
        }
        if (incident.acknowledged() == null) {
            return "On call: acknowledge it (firebreak incident ack " + incident.id() + ")"
                    + (incident.runbook().isEmpty() ? "." : ", then follow the runbook.");
        }
        return "Follow the incident channel; the commander posts the next update.";
    }
}
