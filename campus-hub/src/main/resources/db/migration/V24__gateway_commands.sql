-- Portable between H2 2.x and PostgreSQL 15. Commands the hub sent to gateways and their results.
CREATE TABLE gateway_command (
    command_id        VARCHAR(40)  NOT NULL PRIMARY KEY,
    site              VARCHAR(64)  NOT NULL,
    gateway_id        VARCHAR(64)  NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    summary           VARCHAR(512) NOT NULL,
    issued_by         VARCHAR(160) NOT NULL,
    issued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    message           VARCHAR(1024),
    answered_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX gateway_command_gateway_idx ON gateway_command (gateway_id, issued_at);
