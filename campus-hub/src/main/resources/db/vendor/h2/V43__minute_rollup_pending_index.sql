-- H2 only (no partial indexes): the minute rollups still to be rolled into their hours, in time
-- order.
CREATE INDEX reading_rollup_1m_pending_idx ON reading_rollup_1m (hour_pending, bucket_start);
