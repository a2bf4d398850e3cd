-- Dead letters can be replayed or discarded by an admin, and are kept either way: each gets its state
-- (open, replayed, discarded), when and by whom it was closed, a replay's outcome, and the message's
-- inbox key (the idempotency key its consumer used), so a replay goes through the same inbox.
-- Letters recorded before this migration are open and have no key.

-- AlterTable
ALTER TABLE "dead_letters" ADD COLUMN "inbox_key" TEXT,
    ADD COLUMN "state" VARCHAR(16) NOT NULL DEFAULT 'open',
    ADD COLUMN "closed_at" TIMESTAMPTZ(3),
    ADD COLUMN "closed_by" TEXT,
    ADD COLUMN "outcome" VARCHAR(16),
    ADD CONSTRAINT "dead_letters_state_check" CHECK ("state" IN ('open', 'replayed', 'discarded')),
    ADD CONSTRAINT "dead_letters_closed_check" CHECK (("state" = 'open') = ("closed_at" IS NULL));
