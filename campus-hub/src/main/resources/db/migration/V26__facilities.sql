-- Portable between H2 2.x and PostgreSQL 15. The school's own records of its sites, buildings,
-- rooms and equipment. The `room` table (V1) stays what gateways report; a facility room is what
-- the school recorded, and the API shows both side by side.

CREATE TABLE facility_site (
    site              VARCHAR(64)  NOT NULL PRIMARY KEY,
    name              VARCHAR(256) NOT NULL,
    province          VARCHAR(128)
);

CREATE TABLE facility_building (
    site              VARCHAR(64)  NOT NULL,
    building_id       VARCHAR(64)  NOT NULL,
    name              VARCHAR(256) NOT NULL,
    PRIMARY KEY (site, building_id)
);

-- kind: CLASSROOM, LAB, HALL or OFFICE.
CREATE TABLE facility_room (
    site              VARCHAR(64)  NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    building_id       VARCHAR(64),
    name              VARCHAR(256) NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    capacity          INTEGER,
    PRIMARY KEY (site, room_id)
);

-- status: IN_USE, FAULTY, UNDER_REPAIR or RETIRED. gateway_id + device_id (both or neither) tie
-- the asset to a device whose readings give its last-seen time and usage hours.
CREATE TABLE equipment (
    site              VARCHAR(64)  NOT NULL,
    asset_code        VARCHAR(64)  NOT NULL,
    equipment_type    VARCHAR(64)  NOT NULL,
    model             VARCHAR(128),
    serial            VARCHAR(128),
    room_id           VARCHAR(64)  NOT NULL,
    commissioned      DATE,
    status            VARCHAR(16)  NOT NULL,
    gateway_id        VARCHAR(64),
    device_id         VARCHAR(128),
    maintenance_interval_days INTEGER,
    last_maintenance  DATE,
    notes             VARCHAR(1024),
    updated_by        VARCHAR(160) NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, asset_code)
);

CREATE INDEX equipment_room_idx ON equipment (site, room_id);
CREATE INDEX equipment_device_idx ON equipment (gateway_id, device_id);
