-- The relay claims messages with a lease (claimed_until) instead of holding a transaction open
-- while it publishes: a stalled broker never holds a database connection, locks or, on the embedded
-- database, its one transaction. A lease that runs out (a relay that died or stalled) frees the
-- messages for another relay.
ALTER TABLE "outbox" ADD COLUMN "claimed_until" TIMESTAMPTZ(3);
