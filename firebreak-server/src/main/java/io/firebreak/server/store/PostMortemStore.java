package io.firebreak.server.store;

import io.firebreak.core.postmortem.ActionItem;
import io.firebreak.core.postmortem.PostMortemState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Post-mortems (their state and file) and action items. The action items live only here; the
 * document's table is rendered from them.
 */
public final class PostMortemStore {
    /** A post-mortem's record: where its document is and how far it got. */
    public record PostMortem(String incidentId, String path, String title, PostMortemState state, Instant created,
                             Instant updated, Instant published) {}

    private final Jdbi jdbi;

    public PostMortemStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Records a new draft; false when the incident has one already. */
    public boolean create(String incidentId, String path, String title, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                if (handle.createQuery("SELECT COUNT(*) FROM postmortems WHERE incident_id = :id").bind("id", incidentId)
                        .mapTo(Integer.class).one() > 0) {
                    return false;
                }
                handle.createUpdate("""
                                INSERT INTO postmortems (incident_id, path, title, state, created, updated, published)
                                VALUES (:id, :path, :title, 'DRAFT', :now, :now, NULL)""")
                        .bind("id", incidentId).bind("path", path).bind("title", title).bind("now", now.toEpochMilli()).execute();
                return true;
            });
        } catch (JdbiException e) {
            throw new StoreException("record post-mortem " + incidentId, e);
        }
    }

    public Optional<PostMortem> find(String incidentId) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM postmortems WHERE incident_id = :id")
                    .bind("id", incidentId).map((rs, ctx) -> postMortem(rs)).findOne());
        } catch (JdbiException e) {
            throw new StoreException("load post-mortem " + incidentId, e);
        }
    }

    public List<PostMortem> list() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM postmortems ORDER BY incident_id DESC")
                    .map((rs, ctx) -> postMortem(rs)).list());
        } catch (JdbiException e) {
            throw new StoreException("list post-mortems", e);
        }
    }

    public void setState(String incidentId, PostMortemState state, Instant now) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            UPDATE postmortems SET state = :state, updated = :now,
                                   published = CASE WHEN :state = 'PUBLISHED' THEN :now ELSE NULL END
                            WHERE incident_id = :id""")
                    .bind("id", incidentId).bind("state", state.name()).bind("now", now.toEpochMilli()).execute());
        } catch (JdbiException e) {
            throw new StoreException("change post-mortem " + incidentId, e);
        }
    }

    /** Adds an item with the next number of its incident and returns it. */
    public ActionItem addAction(String incidentId, ActionItem.Priority priority, String description, String owner, LocalDate due,
                                String trackerUrl, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                int number = handle.createQuery("SELECT COALESCE(MAX(number), 0) + 1 FROM action_items WHERE incident_id = :id")
                        .bind("id", incidentId).mapTo(Integer.class).one();
                ActionItem item = new ActionItem(incidentId, number, priority, description.strip(), owner.strip(), due,
                        ActionItem.Status.OPEN, trackerUrl);
                handle.createUpdate("""
                                INSERT INTO action_items (incident_id, number, priority, description, owner, due, status, tracker_url, created, closed)
                                VALUES (:id, :number, :priority, :description, :owner, :due, 'OPEN', :tracker, :now, NULL)""")
                        .bind("id", incidentId).bind("number", number).bind("priority", priority.name())
                        .bind("description", item.description()).bind("owner", item.owner()).bind("due", due.toString())
                        .bind("tracker", item.trackerUrl()).bind("now", now.toEpochMilli()).execute();
                return item;
            });
        } catch (JdbiException e) {
            throw new StoreException("add action item to " + incidentId, e);
        }
    }

    /** Sets an item's status; false when there is no such item. */
    public boolean setActionStatus(String incidentId, int number, ActionItem.Status status, Instant now) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate("""
                            UPDATE action_items SET status = :status, closed = :closed WHERE incident_id = :id AND number = :number""")
                    .bind("id", incidentId).bind("number", number).bind("status", status.name())
                    .bind("closed", status == ActionItem.Status.DONE ? (Long) now.toEpochMilli() : null).execute() == 1);
        } catch (JdbiException e) {
            throw new StoreException("change action item " + incidentId + "#" + number, e);
        }
    }

    /** The items of one incident, or of all incidents when {@code incidentId} is empty, by incident and number. */
    public List<ActionItem> actions(Optional<String> incidentId) {
        try {
            return jdbi.withHandle(handle -> {
                var query = handle.createQuery("SELECT * FROM action_items"
                        + (incidentId.isPresent() ? " WHERE incident_id = :id" : "") + " ORDER BY incident_id, number");
                incidentId.ifPresent(id -> query.bind("id", id));
                return query.map((rs, ctx) -> action(rs)).list();
            });
        } catch (JdbiException e) {
            throw new StoreException("list action items", e);
        }
    }

    private static PostMortem postMortem(ResultSet rs) throws SQLException {
        long published = rs.getLong("published");
        boolean hasPublished = !rs.wasNull();
        return new PostMortem(rs.getString("incident_id"), rs.getString("path"), rs.getString("title"),
                PostMortemState.valueOf(rs.getString("state")), Instant.ofEpochMilli(rs.getLong("created")),
                Instant.ofEpochMilli(rs.getLong("updated")), hasPublished ? Instant.ofEpochMilli(published) : null);
    }

    private static ActionItem action(ResultSet rs) throws SQLException {
        return new ActionItem(rs.getString("incident_id"), rs.getInt("number"), ActionItem.Priority.valueOf(rs.getString("priority")),
                rs.getString("description"), rs.getString("owner"), LocalDate.parse(rs.getString("due")),
                ActionItem.Status.valueOf(rs.getString("status")), rs.getString("tracker_url"));
    }
}
