-- Post-mortems and their action items. The document's text lives in a Markdown file; the store
-- holds its state and the action items, which the document's action-items table is rendered from.
CREATE TABLE postmortems (
    incident_id TEXT    PRIMARY KEY,
    path        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    state       TEXT    NOT NULL,   -- DRAFT | IN_REVIEW | PUBLISHED
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL,
    published   BIGINT
);

CREATE TABLE action_items (
    incident_id TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    priority    TEXT    NOT NULL,   -- P0..P3
    description TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    due         TEXT    NOT NULL,   -- ISO date, UTC
    status      TEXT    NOT NULL,   -- OPEN | DONE
    tracker_url TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    closed      BIGINT,
    PRIMARY KEY (incident_id, number)
);
CREATE INDEX action_items_open ON action_items (status, due);
