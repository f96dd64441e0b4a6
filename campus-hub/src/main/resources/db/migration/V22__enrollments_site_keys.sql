-- Portable between H2 2.x and PostgreSQL 15. Gateway enrollment tokens and the schools'
-- card-hashing keys.

-- One-time tokens a gateway exchanges for its credentials. The secret part is 256 random bits,
-- so a plain SHA-256 is enough to store it (as for api_token). used_at is set once, atomically.
CREATE TABLE enrollment (
    enrollment_id     VARCHAR(32)  NOT NULL PRIMARY KEY,
    secret_sha256     VARCHAR(64)  NOT NULL,
    site              VARCHAR(64)  NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    gateway_id        VARCHAR(64)  NOT NULL,
    created_by        VARCHAR(160) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at           TIMESTAMP WITH TIME ZONE,
    revoked_at        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX enrollment_site_idx ON enrollment (site);

-- Card-hashing keys (HMAC-SHA256 of card UIDs), sealed with AES-256-GCM under the hub's master
-- key; the site and key id are the associated data, so a row copied to another school fails.
CREATE TABLE site_key (
    site              VARCHAR(64)  NOT NULL,
    key_id            VARCHAR(16)  NOT NULL,
    nonce             VARCHAR(32)  NOT NULL,
    sealed_key        VARCHAR(128) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, key_id)
);
