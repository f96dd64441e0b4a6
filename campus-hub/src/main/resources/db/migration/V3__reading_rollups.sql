-- Portable between H2 2.x and PostgreSQL 15. Per-minute and per-hour aggregates of numeric,
-- not-BAD readings per (gateway, device, metric), added to in the transaction that stores the
-- readings, so they always match the raw rows. avg = value_sum / sample_count.

CREATE TABLE reading_rollup_1m (
    gateway_id        VARCHAR(64)  NOT NULL,
    device_id         VARCHAR(128) NOT NULL,
    metric            VARCHAR(64)  NOT NULL,
    bucket_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    unit              VARCHAR(32)  NOT NULL,
    sample_count      BIGINT       NOT NULL,
    value_sum         DOUBLE PRECISION NOT NULL,
    value_min         DOUBLE PRECISION NOT NULL,
    value_max         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (gateway_id, device_id, metric, bucket_start)
);

CREATE INDEX reading_rollup_1m_time_idx ON reading_rollup_1m (bucket_start);

CREATE TABLE reading_rollup_1h (
    gateway_id        VARCHAR(64)  NOT NULL,
    device_id         VARCHAR(128) NOT NULL,
    metric            VARCHAR(64)  NOT NULL,
    bucket_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    unit              VARCHAR(32)  NOT NULL,
    sample_count      BIGINT       NOT NULL,
    value_sum         DOUBLE PRECISION NOT NULL,
    value_min         DOUBLE PRECISION NOT NULL,
    value_max         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (gateway_id, device_id, metric, bucket_start)
);

CREATE INDEX reading_rollup_1h_time_idx ON reading_rollup_1h (bucket_start);
