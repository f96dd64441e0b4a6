-- Portable between H2 2.x and PostgreSQL 15. Finding a subject's open alert (Alerts.openId, run
-- in the ingest transaction for every unknown card tap and every alert rule step) filters on
-- site, kind and subject with state <> 'CLEARED'; alert_open_idx (site, state, ...) serves only
-- the site there, so each lookup scanned all of a school's alerts and ingestion slowed as they
-- accumulated.
CREATE INDEX alert_subject_idx ON alert (site, kind, subject);
