-- Sync: every record whole as JSON with its revision and the server's change
-- sequence; the devices and the last sequence applied from each; the result
-- of every mutation (replays answer the same); conflicts; quarantine; the
-- server's epoch.
CREATE TABLE records (
    record_type     TEXT NOT NULL,
    id              TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    change_seq      INTEGER NOT NULL,
    -- The unit the record belongs to, and that unit's commune, district and
    -- province: an officer sees a record when their jurisdiction is one of them.
    anchor_unit     TEXT,
    scope_commune   TEXT,
    scope_district  TEXT,
    scope_province  TEXT,
    body            TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0,
    open_conflicts  INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (record_type, id)
);
CREATE UNIQUE INDEX records_by_change ON records (change_seq);

CREATE TABLE sync_counter (
    id     INTEGER PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);

CREATE TABLE devices (
    device_id     TEXT PRIMARY KEY,
    officer_id    TEXT NOT NULL,
    last_seq      INTEGER NOT NULL,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL
);

CREATE TABLE mutation_results (
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    mutation_id  TEXT NOT NULL,
    result       TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE TABLE conflicts (
    id           TEXT PRIMARY KEY,
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    base_value   TEXT,
    server_value TEXT,
    client_value TEXT,
    officer_id   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    at           INTEGER NOT NULL,
    resolved_at  INTEGER,
    resolved_by  TEXT
);
CREATE INDEX conflicts_by_record ON conflicts (record_type, record_id);

CREATE TABLE quarantine (
    mutation_id  TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    officer_id   TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    code         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    mutation     TEXT NOT NULL,
    received_at  INTEGER NOT NULL
);

CREATE TABLE server_identity (
    id     INTEGER PRIMARY KEY,
    epoch  TEXT NOT NULL
);
