package io.firebreak.cli;

import io.firebreak.core.communication.UpdateCadence;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.time.Durations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firebreak incident update ID --public TEXT}: a public update. The text becomes what the
 * status page shows, the timeline records it, and the routes send it (event {@code public_update})
 * to the status page and stakeholder channels; the output says whether it kept the cadence.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Post a public update: the status page shows it and the routes' public_update channels get it.")
final class IncidentPublicUpdate extends IncidentCommand.Mutation {
    @Parameters(index = "0", paramLabel = "ID", description = "The incident, INC-YYYYMMDD-NNN.")
    String id;

    @Option(names = "--public", required = true, paramLabel = "TEXT", description = "The update, in words for customers.")
    String text;

    @Override
    public Integer call() {
        String incidentId = IncidentCommand.requireId(id);
        var now = now();
        String judgement;
        try (Session session = Session.open(config, parent.environment(), parent.root.out())) {
            var incident = session.incidents.find(incidentId).orElseThrow(() -> CliFailure.invalid("no incident " + incidentId));
            UpdateCadence cadence = session.config.config().communication().cadence();
            judgement = cadence.judge(incident, session.incidents.timeline(incidentId), now)
                    .map(update -> update.onTime() ? " (on time)" : " (late by " + Durations.format(update.late()) + ")")
                    .orElse("");
        }
        return change(incidentId, "post a public update to", incident -> IncidentLifecycle.publicUpdate(incident, text, actor(), now),
                updated -> incidentId + " public update posted by " + actor() + judgement);
    }
}
