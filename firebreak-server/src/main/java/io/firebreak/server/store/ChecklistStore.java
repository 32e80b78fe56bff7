package io.firebreak.server.store;

import io.firebreak.core.incident.Change;
import io.firebreak.core.incident.EventType;
import io.firebreak.core.incident.IncidentEvent;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.ProcedureConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Recovery procedures run as checklists on an incident: each step's start and end are stored with its
 * planned time, and each goes into the incident's timeline (so the post-mortem timeline shows planned
 * against actual), in the same transaction.
 */
public final class ChecklistStore {
    private final Jdbi jdbi;
    private final IncidentStore incidents;

    public ChecklistStore(Database database, IncidentStore incidents) {
        this.jdbi = database.jdbi();
        this.incidents = incidents;
    }

    /** One step of a running or finished checklist. */
    public record Step(String procedure, int number, String title, Duration planned, Optional<Instant> started, Optional<Instant> finished,
                       String note) {
        /** The time taken (finished steps), or so far (the running step) at {@code now}. */
        public Optional<Duration> actual(Instant now) {
            return started.map(start -> Duration.between(start, finished.orElse(now)));
        }
    }

    /** The outcome of start/next: the steps as they are now, or why nothing changed. */
    public sealed interface Outcome {
        record Done(List<Step> steps, List<IncidentEvent> events) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    /** The checklist of an incident (empty when none was started). */
    public List<Step> steps(String incidentId) {
        try {
            return jdbi.withHandle(handle -> steps(handle, incidentId));
        } catch (JdbiException e) {
            throw new StoreException("load the checklist of " + incidentId, e);
        }
    }

    /** Starts {@code procedure} on the incident: its first step starts now. */
    public Outcome start(String incidentId, ProcedureConfig procedure, String actor, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                if (handle.createQuery("SELECT COUNT(*) FROM incidents WHERE id = :id").bind("id", incidentId).mapTo(Integer.class).one() == 0) {
                    return new Outcome.Refused("no incident " + incidentId);
                }
                if (procedure.steps().isEmpty()) {
                    return new Outcome.Refused("procedure '" + procedure.name() + "' has no steps");
                }
                List<Step> existing = steps(handle, incidentId);
                if (!existing.isEmpty()) {
                    return new Outcome.Refused(incidentId + " already runs procedure '" + existing.getFirst().procedure() + "'");
                }
                for (int i = 0; i < procedure.steps().size(); i++) {
                    ProcedureConfig.Step step = procedure.steps().get(i);
                    handle.createUpdate("""
                                    INSERT INTO recovery_steps (incident_id, procedure, step, title, planned_ms, started, finished, note)
                                    VALUES (:id, :procedure, :step, :title, :planned, :started, NULL, '')""")
                            .bind("id", incidentId).bind("procedure", procedure.name()).bind("step", i + 1).bind("title", step.title())
                            .bind("planned", step.planned().toMillis()).bind("started", i == 0 ? now.toEpochMilli() : null).execute();
                }
                ProcedureConfig.Step first = procedure.steps().getFirst();
                String message = "Recovery '" + procedure.name() + "' started (planned " + Durations.format(procedure.planned()) + "): step 1/"
                        + procedure.steps().size() + " " + first.title() + " (planned " + Durations.format(first.planned()) + ")";
                return timeline(handle, incidentId, actor, now, List.of(message));
            });
        } catch (JdbiException e) {
            throw new StoreException("start a checklist on " + incidentId, e);
        }
    }

    /** Finishes the running step (with an optional note) and starts the next; the last one finishes the checklist. */
    public Outcome next(String incidentId, String note, String actor, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                List<Step> steps = steps(handle, incidentId);
                if (steps.isEmpty()) {
                    return new Outcome.Refused("no recovery procedure runs on " + incidentId + " (firebreak recover start PROCEDURE " + incidentId + ")");
                }
                Optional<Step> running = steps.stream().filter(s -> s.started().isPresent() && s.finished().isEmpty()).findFirst();
                if (running.isEmpty()) {
                    return new Outcome.Refused("procedure '" + steps.getFirst().procedure() + "' on " + incidentId + " is already complete");
                }
                Step step = running.get();
                Instant startedAt = step.started().orElseThrow();
                Instant finishedAt = now.isBefore(startedAt) ? startedAt : now;
                handle.createUpdate("UPDATE recovery_steps SET finished = :at, note = :note WHERE incident_id = :id AND step = :step")
                        .bind("at", finishedAt.toEpochMilli()).bind("note", note).bind("id", incidentId).bind("step", step.number()).execute();
                List<String> messages = new ArrayList<>();
                messages.add("Step " + step.number() + "/" + steps.size() + " " + step.title() + " done in "
                        + minutes(Duration.between(startedAt, finishedAt)) + " (planned " + minutes(step.planned()) + ")"
                        + (note.isBlank() ? "" : ": " + note));
                if (step.number() < steps.size()) {
                    Step following = steps.get(step.number());
                    handle.createUpdate("UPDATE recovery_steps SET started = :at WHERE incident_id = :id AND step = :step")
                            .bind("at", finishedAt.toEpochMilli()).bind("id", incidentId).bind("step", following.number()).execute();
                    messages.add("Step " + following.number() + "/" + steps.size() + " " + following.title() + " started (planned "
                            + minutes(following.planned()) + ")");
                } else {
                    Duration planned = steps.stream().map(Step::planned).reduce(Duration.ZERO, Duration::plus);
                    Duration actual = Duration.between(steps.getFirst().started().orElseThrow(), finishedAt);
                    messages.add("Recovery '" + step.procedure() + "' complete in " + minutes(actual) + " (planned " + minutes(planned) + ")");
                }
                return timeline(handle, incidentId, actor, now, messages);
            });
        } catch (JdbiException e) {
            throw new StoreException("advance the checklist of " + incidentId, e);
        }
    }

    /** A duration for a timeline line: whole minutes and seconds ({@code 6m}, {@code 1h2m}, {@code 45s}). */
    public static String minutes(Duration duration) {
        return Durations.format(duration.withNanos(0));
    }

    private Outcome timeline(Handle handle, String incidentId, String actor, Instant now, List<String> messages) {
        Optional<IncidentStore.Update> update = incidents.tryUpdate(handle, incidentId, incident -> new Change.Applied(incident,
                messages.stream().map(m -> new IncidentEvent.Draft(now, actor, EventType.RECOVERY_STEP, null, null, m)).toList()));
        if (update.isEmpty() || !(update.get() instanceof IncidentStore.Update.Updated updated)) {
            handle.rollback();
            return new Outcome.Refused(update.isPresent() && update.get() instanceof IncidentStore.Update.NotFound
                    ? "no incident " + incidentId : "the incident changed meanwhile: try again");
        }
        return new Outcome.Done(steps(handle, incidentId), updated.events());
    }

    private static List<Step> steps(Handle handle, String incidentId) {
        return handle.createQuery("SELECT procedure, step, title, planned_ms, started, finished, note FROM recovery_steps"
                        + " WHERE incident_id = :id ORDER BY step")
                .bind("id", incidentId)
                .map((row, context) -> new Step(row.getString("procedure"), row.getInt("step"), row.getString("title"),
                        Duration.ofMillis(row.getLong("planned_ms")),
                        nullableMillis(row, "started").map(Instant::ofEpochMilli),
                        nullableMillis(row, "finished").map(Instant::ofEpochMilli),
                        row.getString("note")))
                .list();
    }

    /** A nullable BIGINT column (SQLite's driver refuses getObject(..., Long.class) for NULL). */
    static Optional<Long> nullableMillis(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
