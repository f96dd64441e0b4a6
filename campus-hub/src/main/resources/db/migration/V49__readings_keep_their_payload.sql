-- Portable between H2 2.x and PostgreSQL 15. A reading is one row from now on: its `reading` row
-- keeps the record's payload, and it gets no `record` row (COPY of a record row and a reading row
-- per reading ran at about 60% of the reading row's alone on PostgreSQL). Readings stored before keep their `record` row and a NULL
-- payload here. `record` keeps every other kind, and readings the reading columns cannot hold.
ALTER TABLE reading ADD COLUMN payload BYTEA;

-- Seqs of a stream stored beyond its high-water mark (beyond a hole): without record's key for
-- readings, these tell a resent record from a new one. At or below the mark every record is a
-- duplicate. A stream's ranges are deleted once its mark passes them.
CREATE TABLE stored_range (
    gateway_id        VARCHAR(64)  NOT NULL,
    epoch             BIGINT       NOT NULL,
    first_seq         BIGINT       NOT NULL,
    last_seq          BIGINT       NOT NULL,
    PRIMARY KEY (gateway_id, epoch, first_seq)
);

INSERT INTO stored_range (gateway_id, epoch, first_seq, last_seq)
    SELECT r.gateway_id, r.epoch, r.seq, r.seq
    FROM record r JOIN gateway_stream s ON s.gateway_id = r.gateway_id AND s.epoch = r.epoch
    WHERE r.seq > s.upto_seq;

-- Streams written before V41: their highest stored seq, which only `record` held.
UPDATE gateway_stream SET max_seq = COALESCE(
    (SELECT MAX(r.seq) FROM record r
     WHERE r.gateway_id = gateway_stream.gateway_id AND r.epoch = gateway_stream.epoch),
    upto_seq)
WHERE max_seq IS NULL;

-- The ledger of stored records now spans both tables (received_at is left out: readings do not
-- keep it).
DROP VIEW stored_record;
CREATE VIEW stored_record AS
    SELECT gateway_id, epoch, seq, kind, payload FROM record
    UNION ALL
    SELECT gateway_id, epoch, seq, CAST('reading' AS VARCHAR(32)), payload FROM reading
    WHERE payload IS NOT NULL;
