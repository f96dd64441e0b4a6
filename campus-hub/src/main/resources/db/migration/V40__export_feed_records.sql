-- Portable between H2 2.x and PostgreSQL 15. Sector feed records beyond marks: each room's
-- environment per calendar month (school time zone), summed up from the lesson summaries once the
-- month is over, one row per room and month so it is computed and exported once. Averages are of
-- the lessons' averages weighted by their measured minutes; NULL when the metric had no data.
CREATE TABLE environment_month (
    site                  VARCHAR(64)  NOT NULL,
    room_id               VARCHAR(64)  NOT NULL,
    month_start           DATE         NOT NULL,
    lessons               INTEGER      NOT NULL,
    measured_lessons      INTEGER      NOT NULL,
    measured_minutes      INTEGER      NOT NULL,
    co2_avg               DOUBLE PRECISION,
    co2_max               DOUBLE PRECISION,
    co2_minutes_above_act INTEGER      NOT NULL,
    temperature_avg       DOUBLE PRECISION,
    temperature_min       DOUBLE PRECISION,
    temperature_max       DOUBLE PRECISION,
    humidity_avg          DOUBLE PRECISION,
    illuminance_avg       DOUBLE PRECISION,
    noise_avg             DOUBLE PRECISION,
    lessons_good          INTEGER      NOT NULL,
    lessons_fair          INTEGER      NOT NULL,
    lessons_poor          INTEGER      NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, room_id, month_start)
);

-- The retention purge: sent deliveries by age, events by age and whether deliveries are left
-- (PostgreSQL does not index a foreign key by itself).
CREATE INDEX export_delivery_sent_idx ON export_delivery (state, sent_at);
CREATE INDEX export_delivery_event_idx ON export_delivery (event_id, subscription_id);
CREATE INDEX export_event_time_idx ON export_event (occurred_at);

-- Sector feeds created with every type the kind could express then take the new record kinds too
-- (the types column lists enum names in declaration order, so "all" is this exact text).
UPDATE webhook_subscription
   SET event_types = event_types
       || ',ATTENDANCE_STUDENT_DAY,ATTENDANCE_CLASS_DAY,FACILITY_ROOM_CHANGED'
       || ',FACILITY_EQUIPMENT_CHANGED,ROOM_ENVIRONMENT_MONTHLY'
 WHERE kind = 'SECTOR_FEED'
   AND event_types = 'ATTENDANCE_MARKED,ATTENDANCE_CORRECTED,EQUIPMENT_STATUS_CHANGED,ROOM_ENVIRONMENT_SUMMARY';
