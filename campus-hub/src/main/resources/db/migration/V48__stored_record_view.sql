-- Portable between H2 2.x and PostgreSQL 15. Every record the hub has stored, once per
-- (gateway_id, epoch, seq), with its payload: the ledger that the fault tests, the chaos harness
-- and the benches compare with what the gateways sent. They read this view rather than the record
-- table, so which table keeps a record's row is the store's own business.
CREATE VIEW stored_record AS
    SELECT gateway_id, epoch, seq, kind, payload, received_at FROM record;
