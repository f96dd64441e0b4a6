-- Portable between H2 2.x and PostgreSQL 15. Export destinations of more kinds than webhooks share
-- the outbox: a kind (WEBHOOK, EDFI, SECTOR_FEED), its settings as JSON (token endpoint, client id,
-- Ed-Fi school id ...; never a secret: that stays sealed in sealed_secret), and the receiver's
-- answer per delivered record (ACCEPTED or REJECTED with its reason) for the reconciliation report.
ALTER TABLE webhook_subscription ADD COLUMN kind VARCHAR(16) DEFAULT 'WEBHOOK' NOT NULL;
ALTER TABLE webhook_subscription ADD COLUMN settings VARCHAR(2000);
ALTER TABLE export_delivery ADD COLUMN receiver_answer VARCHAR(16);
ALTER TABLE export_delivery ADD COLUMN receiver_reason VARCHAR(512);
