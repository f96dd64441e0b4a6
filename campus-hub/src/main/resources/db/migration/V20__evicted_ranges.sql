-- Seq ranges a gateway evicted for good by its counted outbox policy (Batch.evicted). The
-- contiguous walk that computes gateway_stream.upto_seq treats them as settled; their size is the
-- hub's count of evicted records. Portable between H2 2.x and PostgreSQL 15.
CREATE TABLE evicted_range (
    gateway_id        VARCHAR(64)  NOT NULL,
    epoch             BIGINT       NOT NULL,
    first_seq         BIGINT       NOT NULL,
    last_seq          BIGINT       NOT NULL,
    PRIMARY KEY (gateway_id, epoch, first_seq)
);

CREATE INDEX evicted_range_last_idx ON evicted_range (gateway_id, epoch, last_seq);
