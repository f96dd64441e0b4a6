-- Portable between H2 2.x and PostgreSQL 15.

-- A room's environment during one lesson, summarised from the minute rollups once the lesson is
-- over: one row per lesson held, also when nothing was measured (measured_minutes 0), so a lesson
-- is summarised once. Averages are of the minute averages; NULL when the metric had no data.
CREATE TABLE lesson_environment (
    site                  VARCHAR(64)  NOT NULL,
    entry_id              VARCHAR(64)  NOT NULL,
    lesson_date           DATE         NOT NULL,
    room_id               VARCHAR(64)  NOT NULL,
    class_id              VARCHAR(64)  NOT NULL,
    starts_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at               TIMESTAMP WITH TIME ZONE NOT NULL,
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
    comfort               VARCHAR(16)  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, entry_id, lesson_date)
);

CREATE INDEX lesson_environment_room_idx ON lesson_environment (site, room_id, starts_at);
