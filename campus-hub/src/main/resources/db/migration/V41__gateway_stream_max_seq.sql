-- Portable between H2 2.x and PostgreSQL 15. The highest seq stored for a stream, kept with its
-- high-water mark, so locking a stream tells whether anything lies beyond the mark without
-- scanning the stream's records (H2 does not answer MAX(seq) with a WHERE from the index).
-- NULL for streams written before this version: computed once from `record` when next locked.
ALTER TABLE gateway_stream ADD COLUMN max_seq BIGINT;
