-- Portable between H2 2.x and PostgreSQL 15: standard types, no vendor upsert syntax.

CREATE TABLE gateway_credential (
    gateway_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    site              VARCHAR(64)  NOT NULL,
    password_hash     VARCHAR(128) NOT NULL,
    password_salt     VARCHAR(64)  NOT NULL,
    hash_iterations   INTEGER      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gateway_status (
    gateway_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    site              VARCHAR(64)  NOT NULL,
    online            BOOLEAN      NOT NULL,
    epoch             BIGINT       NOT NULL,
    boot_id           VARCHAR(128),
    software_version  VARCHAR(64),
    last_seen         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE room (
    site              VARCHAR(64)  NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    name              VARCHAR(256) NOT NULL,
    PRIMARY KEY (site, room_id)
);

CREATE TABLE device (
    gateway_id        VARCHAR(64)  NOT NULL,
    device_id         VARCHAR(128) NOT NULL,
    site              VARCHAR(64)  NOT NULL,
    device_type       VARCHAR(64)  NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    model             VARCHAR(128),
    PRIMARY KEY (gateway_id, device_id)
);

-- Durable ack position: every record 1..upto_seq of (gateway, epoch) is stored.
CREATE TABLE gateway_stream (
    gateway_id        VARCHAR(64)  NOT NULL,
    epoch             BIGINT       NOT NULL,
    upto_seq          BIGINT       NOT NULL,
    gap_count         BIGINT       NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (gateway_id, epoch)
);

-- Every record once; payload keeps the whole protobuf Record for later reinterpretation.
CREATE TABLE record (
    gateway_id        VARCHAR(64)  NOT NULL,
    epoch             BIGINT       NOT NULL,
    seq               BIGINT       NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    device_id         VARCHAR(128),
    source_time       TIMESTAMP WITH TIME ZONE,
    payload           BYTEA        NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (gateway_id, epoch, seq)
);

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
    PRIMARY KEY (gateway_id, epoch, seq)
);

CREATE INDEX reading_latest_idx ON reading (gateway_id, device_id, metric, source_time);
