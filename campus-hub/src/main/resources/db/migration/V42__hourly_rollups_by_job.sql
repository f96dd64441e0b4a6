-- Portable between H2 2.x and PostgreSQL 15. The hourly rollups leave the ingest transaction: a
-- minute rollup row whose latest change is not yet in its hour's row is flagged hour_pending (set
-- by the same UPDATE/INSERT that ingest runs anyway), and HourlyRollups recomputes those hours
-- from their minutes and clears the flags in one transaction. Rows written before this version
-- are already in their hours.
ALTER TABLE reading_rollup_1m ADD COLUMN hour_pending BOOLEAN DEFAULT FALSE NOT NULL;

-- One row that every run of the hourly rollup locks (FOR UPDATE), so runs on several hub
-- instances (or a history query's catch-up beside the scheduled job) take turns.
CREATE TABLE hourly_rollup_lock (
    id INTEGER PRIMARY KEY
);

INSERT INTO hourly_rollup_lock (id) VALUES (1);
