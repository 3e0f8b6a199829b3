-- Administrative units (province, districts, communes, villages) and officers' accounts.
CREATE TABLE units (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   TEXT REFERENCES units (id),
    latitude    REAL,
    longitude   REAL,
    revision    INTEGER NOT NULL DEFAULT 1,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX units_by_parent ON units (parent_id, kind, name);

CREATE TABLE officers (
    id                    TEXT PRIMARY KEY NOT NULL,
    username              TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    role                  TEXT NOT NULL CHECK (role IN ('commune_officer', 'district_officer', 'province_officer', 'administrator')),
    jurisdiction_unit_id  TEXT NOT NULL REFERENCES units (id),
    password_hash         TEXT NOT NULL,
    created_at            INTEGER NOT NULL,
    disabled_at           INTEGER
);

CREATE TABLE reference_data (
    name       TEXT PRIMARY KEY NOT NULL,
    version    TEXT NOT NULL,
    loaded_at  INTEGER NOT NULL
);
