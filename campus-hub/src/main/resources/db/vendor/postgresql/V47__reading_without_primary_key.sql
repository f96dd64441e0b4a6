-- PostgreSQL only. Readings are stored once because their records are: a reading is written in
-- the transaction that inserts its record, and record's primary key (gateway, epoch, seq) refuses
-- a second copy. The reading key duplicated that check at the cost of one more B-tree entry per
-- reading (without it the hub bench's FLOOD stored about 20% more readings/s). Queries go by
-- reading_latest_idx or by partition and time.
ALTER TABLE reading DROP CONSTRAINT reading_pkey;
