-- H2 only: one plain reading table; retention deletes old rows in batches by source_time.
CREATE INDEX reading_time_idx ON reading (source_time);
