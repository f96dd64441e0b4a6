-- H2 only. Before statistics exist (a new hub, or a table under 2,000 changes) H2 planned the
-- ingest's minute-rollup UPDATE (gateway, device, metric, bucket_start all given) on the
-- bucket_start index, scanning every series of that minute for each reading; with hundreds of
-- gateways the ingest worker spent most of its time there. With the key columns behind
-- bucket_start, whichever index H2 picks finds the row directly; retention still ranges over
-- bucket_start.
DROP INDEX reading_rollup_1m_time_idx;
CREATE INDEX reading_rollup_1m_time_idx ON reading_rollup_1m (bucket_start, gateway_id, device_id, metric);
DROP INDEX reading_rollup_1h_time_idx;
CREATE INDEX reading_rollup_1h_time_idx ON reading_rollup_1h (bucket_start, gateway_id, device_id, metric);
