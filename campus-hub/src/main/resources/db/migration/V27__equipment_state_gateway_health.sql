-- Portable between H2 2.x and PostgreSQL 15.

-- The live state of a device that reports equipment events (lab instruments over OPC UA or Modbus,
-- projectors and boards): derived from the records as they are stored, one row per device.
-- operating_seconds: time spent in a state that is not off/idle/standby, up to state_since.
CREATE TABLE equipment_state (
    gateway_id        VARCHAR(64)  NOT NULL,
    device_id         VARCHAR(128) NOT NULL,
    site              VARCHAR(64)  NOT NULL,
    state             VARCHAR(64),
    state_since       TIMESTAMP WITH TIME ZONE,
    run_id            VARCHAR(128),
    run_started_at    TIMESTAMP WITH TIME ZONE,
    runs_started      BIGINT       NOT NULL,
    alarm_code        VARCHAR(128),
    alarm_severity    VARCHAR(16),
    alarm_message     VARCHAR(512),
    alarm_since       TIMESTAMP WITH TIME ZONE,
    operating_seconds BIGINT       NOT NULL,
    last_event_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (gateway_id, device_id)
);

-- What a gateway last said about its own health, for the technicians' fleet view.
ALTER TABLE gateway_status ADD COLUMN outbox_pending BIGINT;
ALTER TABLE gateway_status ADD COLUMN outbox_oldest TIMESTAMP WITH TIME ZONE;
ALTER TABLE gateway_status ADD COLUMN clock_synced BOOLEAN;
ALTER TABLE gateway_status ADD COLUMN clock_source VARCHAR(16);
ALTER TABLE gateway_status ADD COLUMN problems VARCHAR(2048);
