-- Sync: every record whole as JSON with its revision and the server's change
-- sequence; the devices and the last sequence applied from each; the result
-- of every mutation (replays answer the same); conflicts; quarantine; the
-- server's epoch.
CREATE TABLE records (
    record_type     TEXT NOT NULL,
    id              UUID NOT NULL,
    revision        BIGINT NOT NULL,
    change_seq      BIGINT NOT NULL,
    -- The unit the record belongs to, and that unit's commune, district and
    -- province: an officer sees a record when their jurisdiction is one of them.
    anchor_unit     UUID,
    scope_commune   UUID,
    scope_district  UUID,
    scope_province  UUID,
    body            TEXT NOT NULL,
    deleted         BOOLEAN NOT NULL DEFAULT FALSE,
    open_conflicts  BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (record_type, id)
);
CREATE UNIQUE INDEX records_by_change ON records (change_seq);

CREATE TABLE sync_counter (
    id     BIGINT PRIMARY KEY,
    value  BIGINT NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);

CREATE TABLE devices (
    device_id     UUID PRIMARY KEY,
    officer_id    UUID NOT NULL,
    last_seq      BIGINT NOT NULL,
    first_seen    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL
);

CREATE TABLE mutation_results (
    device_id    UUID NOT NULL,
    seq          BIGINT NOT NULL,
    mutation_id  UUID NOT NULL,
    result       TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE TABLE conflicts (
    id           UUID PRIMARY KEY,
    record_type  TEXT NOT NULL,
    record_id    UUID NOT NULL,
    field        TEXT NOT NULL,
    base_value   TEXT,
    server_value TEXT,
    client_value TEXT,
    officer_id   UUID NOT NULL,
    device_id    UUID NOT NULL,
    at           BIGINT NOT NULL,
    resolved_at  BIGINT,
    resolved_by  UUID
);
CREATE INDEX conflicts_by_record ON conflicts (record_type, record_id);

CREATE TABLE quarantine (
    mutation_id  UUID PRIMARY KEY,
    device_id    UUID NOT NULL,
    seq          BIGINT NOT NULL,
    officer_id   UUID NOT NULL,
    record_type  TEXT NOT NULL,
    record_id    UUID NOT NULL,
    code         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    mutation     TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);

CREATE TABLE server_identity (
    id     BIGINT PRIMARY KEY,
    epoch  TEXT NOT NULL
);
