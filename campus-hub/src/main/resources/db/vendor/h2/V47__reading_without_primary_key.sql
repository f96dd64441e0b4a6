-- H2 only. Readings are stored once because their records are: a reading is written in the
-- transaction that inserts its record, and record's primary key (gateway, epoch, seq) refuses a
-- second copy. In H2 a composite primary key is a secondary index beside the row-id table, so it
-- cost one more string-keyed B-tree entry per reading. Queries go by reading_latest_idx or by
-- reading_time_idx.
ALTER TABLE reading DROP PRIMARY KEY;
