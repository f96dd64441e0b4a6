-- PostgreSQL only: readings in native range partitions by source_time, one per month
-- (reading_pYYYYMM), created ahead of time by the hub's storage maintenance job. The default
-- partition catches readings from clocks far off (it is drained when a month's partition is made).
-- The primary key must include the partition key; dedup is guaranteed by record's key anyway.

ALTER TABLE reading RENAME TO reading_v1;
ALTER INDEX reading_pkey RENAME TO reading_v1_pkey;
ALTER INDEX reading_latest_idx RENAME TO reading_v1_latest_idx;

CREATE TABLE reading (
    gateway_id        VARCHAR(64)  NOT NULL,
    epoch             BIGINT       NOT NULL,
    seq               BIGINT       NOT NULL,
    device_id         VARCHAR(128) NOT NULL,
    metric            VARCHAR(64)  NOT NULL,
    source_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    value_type        VARCHAR(8)   NOT NULL,
    num_value         DOUBLE PRECISION,
    text_value        VARCHAR(1024),
    unit              VARCHAR(32)  NOT NULL,
    quality           VARCHAR(16)  NOT NULL,
    quality_reason    VARCHAR(512),
    PRIMARY KEY (gateway_id, epoch, seq, source_time)
) PARTITION BY RANGE (source_time);

CREATE TABLE reading_default PARTITION OF reading DEFAULT;

CREATE INDEX reading_latest_idx ON reading (gateway_id, device_id, metric, source_time);

INSERT INTO reading SELECT * FROM reading_v1;

DROP TABLE reading_v1;
