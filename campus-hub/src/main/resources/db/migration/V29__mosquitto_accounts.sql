-- Portable between H2 2.x and PostgreSQL 15.

-- Accounts the hub writes into an external Mosquitto's password file (mosquitto_passwd's $7$
-- format: PBKDF2-SHA512), made when a gateway's password is set (the only moment the hub knows it
-- in clear). site NULL: the hub's own account.
CREATE TABLE mosquitto_account (
    username          VARCHAR(64)  NOT NULL PRIMARY KEY,
    site              VARCHAR(64),
    password_hash     VARCHAR(256) NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
