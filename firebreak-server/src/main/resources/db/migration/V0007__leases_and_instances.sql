-- Leadership of engine modules across instances on one store: a lease row per module with a
-- fencing token that grows each time the lease changes hands. Every write of a leader is
-- conditional on its token (and on the lease not having expired), so a leader that lost its lease
-- cannot write, and a new leader knows it must reload the state from the store.
CREATE TABLE leases (
    module   TEXT    PRIMARY KEY,
    holder   TEXT    NOT NULL,   -- instance id
    token    BIGINT  NOT NULL,
    expires  BIGINT  NOT NULL,
    renewed  BIGINT  NOT NULL
);

-- Instances that run engine modules (firebreak run, detect), with their heartbeat, for `cluster status`.
CREATE TABLE instances (
    id         TEXT    PRIMARY KEY,
    host       TEXT    NOT NULL,
    pid        BIGINT  NOT NULL,
    command    TEXT    NOT NULL,
    version    TEXT    NOT NULL,
    started    BIGINT  NOT NULL,
    heartbeat  BIGINT  NOT NULL
);
