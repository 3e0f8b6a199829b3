-- An account whose unit ended in a reform with no unit to follow waits for an
-- administrator: why, in Vietnamese, said at sign-in; cleared by an assignment.
ALTER TABLE officers ADD COLUMN reassignment_reason TEXT;

-- What happened to an account, appended, never edited: moved with its
-- commune, set aside to be reassigned, assigned again.
CREATE TABLE officer_history (
    officer_id  UUID NOT NULL REFERENCES officers (id),
    at          BIGINT NOT NULL,
    summary     TEXT NOT NULL
);
CREATE INDEX officer_history_by_officer ON officer_history (officer_id, at);
