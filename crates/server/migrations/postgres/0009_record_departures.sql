-- A record that left a scope (a village placed under another commune, its
-- reviews moving with it): the devices of the old scope are sent a tombstone
-- in their pull, unless they still see the record where it went.
CREATE TABLE record_departures (
    record_type     TEXT NOT NULL,
    id              UUID NOT NULL,
    change_seq      BIGINT NOT NULL,
    anchor_unit     UUID,
    scope_commune   UUID,
    scope_district  UUID,
    scope_province  UUID
);
CREATE INDEX record_departures_by_change ON record_departures (change_seq);
