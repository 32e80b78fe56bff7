package io.firebreak.server.channel.console;

import io.firebreak.core.notify.DeliveryResult;
import io.firebreak.core.notify.Notification;
import io.firebreak.core.notify.Notifier;
import io.firebreak.core.notify.NotifyEvent;
import io.firebreak.server.template.ChannelTemplates;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Prints each message: for the demo, simulations and trying routes out. */
public final class ConsoleNotifier implements Notifier {
    private final String name;
    private final PrintWriter out;
    private final ChannelTemplates templates;

    public ConsoleNotifier(String name, PrintWriter out, ChannelTemplates templates) {
        this.name = name;
        this.out = out;
        this.templates = templates;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<NotifyEvent> events() {
        return EnumSet.allOf(NotifyEvent.class);
    }

    @Override
    public DeliveryResult send(Notification notification) {
        out.println(templates.render("console", notification));
        out.flush();
        return new DeliveryResult.Delivered(Optional.empty());
    }
}
