-- A record that left a scope (a village placed under another commune, its
-- reviews moving with it): the devices of the old scope are sent a tombstone
-- in their pull, unless they still see the record where it went.
CREATE TABLE record_departures (
    record_type     TEXT NOT NULL,
    id              TEXT NOT NULL,
    change_seq      INTEGER NOT NULL,
    anchor_unit     TEXT,
    scope_commune   TEXT,
    scope_district  TEXT,
    scope_province  TEXT
);
CREATE INDEX record_departures_by_change ON record_departures (change_seq);
