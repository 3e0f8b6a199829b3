-- A unit's lifecycle beside it, for lookups and lists: its state, the day it
-- came into force and the day it ended (YYYY-MM-DD), and its official code
-- whether or not it is in force. `code` holds the code only while the unit
-- is in force, so that its UNIQUE constraint means "unique among the units
-- in force" (the 2025 reform gave old codes to new units).
ALTER TABLE units ADD COLUMN official_code TEXT;
ALTER TABLE units ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
ALTER TABLE units ADD COLUMN since TEXT;
ALTER TABLE units ADD COLUMN ended TEXT;
UPDATE units SET official_code = code;
CREATE INDEX units_by_official_code ON units (official_code);

-- The effective decisions the server carries out: recorded with their
-- effective date, carried out once, when that day has begun in Vietnam.
CREATE TABLE proposal_applications (
    proposal_id     UUID PRIMARY KEY,
    effective_date  TEXT NOT NULL,
    recorded_at     BIGINT NOT NULL,
    carried_out_at  BIGINT
);
CREATE INDEX proposal_applications_due ON proposal_applications (carried_out_at, effective_date);
