-- Administrative units (province, districts, communes, villages) and officers' accounts.
CREATE TABLE units (
    id          UUID PRIMARY KEY,
    code        TEXT UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   UUID REFERENCES units (id),
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    revision    BIGINT NOT NULL DEFAULT 1,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX units_by_parent ON units (parent_id, kind, name);

CREATE TABLE officers (
    id                    UUID PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    role                  TEXT NOT NULL CHECK (role IN ('commune_officer', 'district_officer', 'province_officer', 'administrator')),
    jurisdiction_unit_id  UUID NOT NULL REFERENCES units (id),
    password_hash         TEXT NOT NULL,
    created_at            BIGINT NOT NULL,
    disabled_at           BIGINT
);

CREATE TABLE reference_data (
    name       TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    loaded_at  BIGINT NOT NULL
);
