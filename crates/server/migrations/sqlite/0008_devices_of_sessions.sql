-- A session belongs to the device it was signed in on (or the first device
-- it pushed from): a push under another device's id is refused.
ALTER TABLE sessions ADD COLUMN device_id TEXT;

-- A mutation is applied at most once whichever device's sequence carries it
-- (changes imported from another device's export file are re-issued under
-- this device's sequence with their ids kept).
CREATE INDEX mutation_results_by_mutation ON mutation_results (mutation_id);
