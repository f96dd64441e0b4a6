-- Portable between H2 2.x and PostgreSQL 15. A school's roster (from OneRoster 1.2 CSV), its
-- timetable, registered cards, attendance marks and alerts.
--
-- Data minimisation: of a OneRoster user only the ids, names, role and the national learner id
-- (mã định danh, OneRoster "identifier") are kept; e-mail, phone, SMS, password, grades, agents
-- and demographics in the files are read past and never stored.

CREATE TABLE roster_org (
    site              VARCHAR(64)  NOT NULL,
    sourced_id        VARCHAR(128) NOT NULL,
    name              VARCHAR(256) NOT NULL,
    org_type          VARCHAR(32)  NOT NULL,
    identifier        VARCHAR(128),
    PRIMARY KEY (site, sourced_id)
);

CREATE TABLE roster_term (
    site              VARCHAR(64)  NOT NULL,
    sourced_id        VARCHAR(128) NOT NULL,
    title             VARCHAR(256) NOT NULL,
    session_type      VARCHAR(32)  NOT NULL,
    start_date        DATE         NOT NULL,
    end_date          DATE         NOT NULL,
    PRIMARY KEY (site, sourced_id)
);

CREATE TABLE roster_class (
    site              VARCHAR(64)  NOT NULL,
    sourced_id        VARCHAR(128) NOT NULL,
    title             VARCHAR(256) NOT NULL,
    class_code        VARCHAR(128),
    course_title      VARCHAR(256),
    PRIMARY KEY (site, sourced_id)
);

CREATE TABLE roster_user (
    site              VARCHAR(64)  NOT NULL,
    sourced_id        VARCHAR(128) NOT NULL,
    username          VARCHAR(160),
    given_name        VARCHAR(128) NOT NULL,
    family_name       VARCHAR(128) NOT NULL,
    learner_id        VARCHAR(64),
    user_role         VARCHAR(32)  NOT NULL,
    enabled           BOOLEAN      NOT NULL,
    PRIMARY KEY (site, sourced_id)
);

CREATE TABLE roster_enrollment (
    site              VARCHAR(64)  NOT NULL,
    class_id          VARCHAR(128) NOT NULL,
    user_id           VARCHAR(128) NOT NULL,
    enrollment_role   VARCHAR(32)  NOT NULL,
    begin_date        DATE,
    end_date          DATE,
    PRIMARY KEY (site, class_id, user_id)
);

CREATE INDEX roster_enrollment_user_idx ON roster_enrollment (site, user_id);

-- One row of the school's week: a class in a room on a weekday (1 = Monday) between local times.
CREATE TABLE timetable_entry (
    site              VARCHAR(64)  NOT NULL,
    entry_id          VARCHAR(64)  NOT NULL,
    class_id          VARCHAR(128) NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    weekday           INTEGER      NOT NULL,
    start_time        TIME         NOT NULL,
    end_time          TIME         NOT NULL,
    term_id           VARCHAR(128),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, entry_id)
);

CREATE INDEX timetable_room_idx ON timetable_entry (site, room_id, weekday);

-- Card references (HMAC of the UID under the site key) registered to a roster user.
CREATE TABLE card (
    site              VARCHAR(64)  NOT NULL,
    card_ref          VARCHAR(64)  NOT NULL,
    key_id            VARCHAR(16)  NOT NULL,
    user_id           VARCHAR(128) NOT NULL,
    registered_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    registered_by     VARCHAR(160) NOT NULL,
    PRIMARY KEY (site, card_ref)
);

-- A reader in enrolment mode: its next tap registers the card to user_id.
CREATE TABLE card_enrolment (
    enrolment_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    site              VARCHAR(64)  NOT NULL,
    reader_id         VARCHAR(128) NOT NULL,
    user_id           VARCHAR(128) NOT NULL,
    requested_by      VARCHAR(160) NOT NULL,
    requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    outcome           VARCHAR(512),
    card_ref          VARCHAR(64),
    finished_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX card_enrolment_reader_idx ON card_enrolment (site, reader_id, state);

-- A timetable entry held on a date; closed once its end has passed and the absent are marked.
CREATE TABLE class_session (
    site              VARCHAR(64)  NOT NULL,
    entry_id          VARCHAR(64)  NOT NULL,
    session_date      DATE         NOT NULL,
    class_id          VARCHAR(128) NOT NULL,
    room_id           VARCHAR(64)  NOT NULL,
    starts_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at         TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (site, entry_id, session_date)
);

CREATE INDEX class_session_date_idx ON class_session (site, session_date);

-- One mark per student and session: PRESENT, LATE or ABSENT; source TAP, CLOSE or CORRECTION.
CREATE TABLE attendance_mark (
    site              VARCHAR(64)  NOT NULL,
    entry_id          VARCHAR(64)  NOT NULL,
    session_date      DATE         NOT NULL,
    user_id           VARCHAR(128) NOT NULL,
    class_id          VARCHAR(128) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    source            VARCHAR(16)  NOT NULL,
    tapped_at         TIMESTAMP WITH TIME ZONE,
    reason            VARCHAR(512),
    updated_by        VARCHAR(160),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, entry_id, session_date, user_id)
);

CREATE INDEX attendance_mark_user_idx ON attendance_mark (site, user_id, session_date);

-- Days an administrator closed: their marks no longer change.
CREATE TABLE attendance_day_lock (
    site              VARCHAR(64)  NOT NULL,
    lock_date         DATE         NOT NULL,
    locked_by         VARCHAR(160) NOT NULL,
    locked_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (site, lock_date)
);

-- Alerts: one open row per (site, kind, subject); repeats count up instead of adding rows.
CREATE TABLE alert (
    alert_id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site              VARCHAR(64)  NOT NULL,
    room_id           VARCHAR(64),
    kind              VARCHAR(48)  NOT NULL,
    severity          VARCHAR(16)  NOT NULL,
    subject           VARCHAR(256) NOT NULL,
    detail            VARCHAR(1024) NOT NULL,
    occurrences       INTEGER      NOT NULL,
    raised_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    acknowledged_by   VARCHAR(160),
    acknowledged_at   TIMESTAMP WITH TIME ZONE,
    cleared_at        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX alert_open_idx ON alert (site, state, kind, subject);
