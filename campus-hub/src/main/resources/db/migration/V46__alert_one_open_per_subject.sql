-- Portable between H2 2.x and PostgreSQL 15. At most one open (or acknowledged) alert per site,
-- kind and subject, kept by the database rather than by a look-then-insert: two ingest workers of
-- one hub, or two hubs, raising the same alert at once (one card tapped at two readers) made two.
-- open_subject is the subject while the alert is not cleared, NULL after; NULLs never collide in a
-- unique index, so cleared alerts repeat freely. Where duplicates exist already, the newest one
-- becomes the open one the hub counts up and clears; the older ones are left for users to clear.
ALTER TABLE alert ADD COLUMN open_subject VARCHAR(256);

UPDATE alert SET open_subject = subject
WHERE state <> 'CLEARED'
  AND alert_id = (
    SELECT MAX(newer.alert_id) FROM alert newer
    WHERE newer.site = alert.site AND newer.kind = alert.kind AND newer.subject = alert.subject
      AND newer.state <> 'CLEARED');

CREATE UNIQUE INDEX alert_open_subject_uq ON alert (site, kind, open_subject);
