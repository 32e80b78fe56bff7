-- Silences: runtime state, so they live in the store, never in the YAML.
CREATE TABLE silences (
    id         TEXT    PRIMARY KEY,
    matchers   TEXT    NOT NULL,   -- JSON array of matcher strings
    starts_at  BIGINT  NOT NULL,
    ends_at    BIGINT  NOT NULL,
    author     TEXT    NOT NULL,
    comment    TEXT    NOT NULL,
    created    BIGINT  NOT NULL
);
CREATE INDEX silences_by_end ON silences (ends_at);
