-- Escalation: where each incident's escalation policy stands (the step paged last, when, how many
-- rounds, which notices went out), written by the escalation module with its pages, and the
-- person a page goes to, carried on its outbox row so every retry reaches the same address.

CREATE TABLE escalation_state (
    incident_id           TEXT    PRIMARY KEY,
    policy                TEXT    NOT NULL,
    step                  INTEGER NOT NULL,       -- -1: nobody paged yet
    paged_at              BIGINT  NOT NULL,
    repeats               INTEGER NOT NULL,
    no_progress_notice    BIGINT,                 -- the last-progress time a no-progress notice was sent for
    unresolved_notice     INTEGER NOT NULL,       -- 1 once the unresolved-after notice was sent
    updated               BIGINT  NOT NULL
);

-- JSON {name, email, slack} of the person a 'page' row is for; NULL for every other row.
ALTER TABLE outbox ADD COLUMN recipient TEXT;
