package io.firebreak.server.postmortem;

import io.firebreak.core.incident.Incident;
import io.firebreak.core.incident.IncidentLifecycle;
import io.firebreak.core.incident.IncidentStatus;
import io.firebreak.core.incident.Severity;
import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemDue;
import io.firebreak.core.postmortem.PostMortemState;
import io.firebreak.core.time.Durations;
import io.firebreak.server.config.AppConfig;
import io.firebreak.server.config.PersonConfig;
import io.firebreak.server.store.IncidentQuery;
import io.firebreak.server.store.IncidentStore;
import io.firebreak.server.store.PostMortemStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything people do with post-mortems and action items, in one place for the CLI, the API and
 * the UI: drafting from the incident, rendering, review and publication (which closes the
 * incident), and action items checked before they are stored. The store holds the state and the
 * action items; after every change the document's generated blocks are rendered again from the
 * store, so the two never disagree.
 */
public final class PostMortems {
    /** Bad input, naming the field at fault ({@code due}, {@code owner}, ...), for a 400 or a CLI message. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** No such incident, post-mortem or action item (a 404). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** Not allowed in the current state: an open incident without force, a second draft (a 409). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    private final AppConfig config;
    private final PostMortemFiles files;
    private final IncidentStore incidents;
    private final PostMortemStore store;
    private final Path workingDir;

    /**
     * @param workingDir the directory paths are recorded and shown relative to
     */
    public PostMortems(AppConfig config, PostMortemFiles files, IncidentStore incidents, PostMortemStore store, Path workingDir) {
        this.config = config;
        this.files = files;
        this.incidents = incidents;
        this.store = store;
        this.workingDir = workingDir;
    }

    /** The post-mortems of a loaded configuration: documents in {@code postmortems.dir}, relative to the config file. */
    public static PostMortems of(io.firebreak.server.config.LoadedConfig config, IncidentStore incidents, PostMortemStore store) {
        Path dir = config.baseDir().resolve(config.config().postmortems().dir()).normalize();
        return new PostMortems(config.config(), new PostMortemFiles(dir, config.baseDir()), incidents, store, config.baseDir());
    }

    public PostMortemFiles files() {
        return files;
    }

    public PostMortemStore store() {
        return store;
    }

    private Incident incident(String incidentId) {
        return incidents.find(incidentId).orElseThrow(() -> new NotFound("no incident " + incidentId));
    }

    /**
     * Writes a draft from the incident's record and records it; a resolved incident moves to
     * POSTMORTEM. An open incident is refused unless {@code force}.
     *
     * @return the document
     */
    public Path create(String incidentId, String title, boolean force, String actor, Instant now) {
        Incident incident = incident(incidentId);
        if (incident.status().isOpen() && !force) {
            throw new Conflict("incident " + incidentId + " is still " + incident.status()
                    + ": a post-mortem is written after resolution (resolve it first, or pass --force for an early draft)");
        }
        String chosen = title == null || title.isBlank() ? incident.title() : title.strip();
        Path file;
        try {
            file = files.create(incident, incidents.timeline(incidentId), chosen);
        } catch (IllegalStateException e) {
            throw new Conflict(e.getMessage());
        }
        store.create(incidentId, display(file), chosen, now);
        if (incident.status() == IncidentStatus.RESOLVED) {
            incidents.update(incidentId, current -> IncidentLifecycle.changeStatus(current, IncidentStatus.POSTMORTEM,
                    "Post-mortem draft: " + display(file), actor, now));
        }
        // the document shows the incident as it is now, with the POSTMORTEM move on its timeline
        sync(incidentId);
        return file;
    }

    /** Refreshes the generated blocks of an existing document from the incident and the store. */
    public Path render(String incidentId) {
        Incident incident = incident(incidentId);
        try {
            return files.render(incident, incidents.timeline(incidentId), store.actions(Optional.of(incidentId)));
        } catch (IllegalStateException e) {
            throw new NotFound(e.getMessage());
        }
    }

    /** Renders the document when there is one (after an action-item change). */
    public Optional<Path> sync(String incidentId) {
        if (files.find(incidentId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(render(incidentId));
    }

    /**
     * Moves the post-mortem to {@code target}; publishing closes the incident.
     *
     * @return false when it was already there
     */
    public boolean setState(String incidentId, PostMortemState target, String actor, Instant now) {
        incident(incidentId);
        PostMortemStore.PostMortem postMortem = store.find(incidentId).orElseThrow(() -> new NotFound(
                "no post-mortem for " + incidentId + " (create one with `postmortem new " + incidentId + "`)"));
        if (postMortem.state() == target) {
            return false;
        }
        store.setState(incidentId, target, now);
        if (target == PostMortemState.PUBLISHED) {
            var update = incidents.update(incidentId, current -> current.status() == IncidentStatus.CLOSED
                    ? IncidentLifecycle.note(current, "Post-mortem published: " + postMortem.path(), actor, now)
                    : IncidentLifecycle.changeStatus(current, IncidentStatus.CLOSED, "Post-mortem published: " + postMortem.path(), actor, now));
            if (update instanceof IncidentStore.Update.Rejected rejected) {
                throw new Conflict("cannot close " + incidentId + ": " + rejected.reason());
            }
        }
        sync(incidentId);
        return true;
    }

    /** Checks and stores a new action item, then renders the document's table. */
    public ActionItem addAction(String incidentId, String priority, String description, String owner, String due, String tracker,
                                Instant now) {
        ActionItem.Priority parsedPriority = ActionItem.Priority.parse(priority).orElseThrow(() ->
                new Invalid("priority", "unknown priority '" + priority + "' (use P0, P1, P2 or P3)"));
        if (description == null || description.isBlank()) {
            throw new Invalid("description", "the description must not be empty");
        }
        if (owner == null || owner.isBlank()) {
            throw new Invalid("owner", "an action item needs an owner");
        }
        LocalDate dueDate;
        try {
            dueDate = LocalDate.parse(due == null ? "" : due.strip());
        } catch (DateTimeParseException e) {
            throw new Invalid("due", "not a date '" + due + "' (expected YYYY-MM-DD)");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (dueDate.isBefore(today)) {
            throw new Invalid("due", dueDate + " is in the past (today is " + today + ")");
        }
        String trackerUrl = tracker == null ? "" : tracker.strip();
        if (!trackerUrl.isEmpty() && !httpUrl(trackerUrl)) {
            throw new Invalid("tracker_url", "not an http(s) URL '" + trackerUrl + "'");
        }
        incident(incidentId);
        List<PersonConfig> people = config.people();
        if (!people.isEmpty() && config.person(owner.strip()).isEmpty()) {
            throw new Invalid("owner", "unknown owner '" + owner + "' (configured people: "
                    + String.join(", ", people.stream().map(PersonConfig::name).toList()) + ")");
        }
        ActionItem item = store.addAction(incidentId, parsedPriority, description, owner, dueDate, trackerUrl, now);
        sync(incidentId);
        return item;
    }

    /** Closes (or re-opens) an action item, then renders the document's table. */
    public void setActionStatus(String incidentId, int number, ActionItem.Status status, Instant now) {
        if (!store.setActionStatus(incidentId, number, status, now)) {
            throw new NotFound("no action item " + number + " for " + incidentId);
        }
        sync(incidentId);
    }

    /** Every resolved incident that owes a post-mortem or has one, newest first. */
    public List<PostMortemDue.Obligation> obligations() {
        return obligations(incidents.list(IncidentQuery.all()));
    }

    /** The post-mortems owed by {@code among}: a report asks about its period only, never every incident stored. */
    public List<PostMortemDue.Obligation> obligations(List<Incident> among) {
        var settings = config.postmortems();
        Set<Severity> required = settings.required().stream().map(Severity::parse).flatMap(Optional::stream).collect(Collectors.toSet());
        Duration dueAfter = Durations.parse(settings.dueAfter()).orElse(Duration.ofDays(5));
        Map<String, PostMortemState> states = new HashMap<>();
        store.list().forEach(p -> states.put(p.incidentId(), p.state()));
        List<Incident> finished = among.stream().filter(incident -> !incident.status().isOpen()).toList();
        return PostMortemDue.obligations(finished, states, required, dueAfter);
    }

    /** The document's text, if it exists. */
    public Optional<String> document(String incidentId) {
        return files.find(incidentId).map(PostMortemFiles::read);
    }

    /** A path as recorded and shown: relative to the working directory when inside it. */
    public String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
