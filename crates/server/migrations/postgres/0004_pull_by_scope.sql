-- Pull reads an officer's records in change order through the scope column
-- that names their jurisdiction: one index per column, each with the change
-- sequence, so that a page costs its own size and not the whole table's.
CREATE INDEX records_by_anchor ON records (anchor_unit, change_seq);
CREATE INDEX records_by_commune ON records (scope_commune, change_seq);
CREATE INDEX records_by_district ON records (scope_district, change_seq);
CREATE INDEX records_by_province ON records (scope_province, change_seq);
