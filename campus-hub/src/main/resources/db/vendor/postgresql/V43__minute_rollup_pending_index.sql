-- PostgreSQL only: the minute rollups still to be rolled into their hours, in time order. Partial,
-- so it holds only the few pending rows; an UPDATE that leaves hour_pending as it was stays HOT.
CREATE INDEX reading_rollup_1m_pending_idx ON reading_rollup_1m (bucket_start) WHERE hour_pending;
