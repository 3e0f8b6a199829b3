-- The province's rule sets are pulled by every officer, whatever the
-- jurisdiction: one ordered range per record type, on its own index.
CREATE INDEX records_by_type ON records (record_type, change_seq);
