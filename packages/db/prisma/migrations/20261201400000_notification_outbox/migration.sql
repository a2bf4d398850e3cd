-- Out-of-stock emails are messages, not calls: a unit of work that commits an OutOfStock stores the
-- email it calls for here, in the same transaction, and dispatchers deliver it later. One row is one
-- email: the first out-of-stock of a sku alone, later ones gathered in a digest due one window after.

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "sku" VARCHAR(255) NOT NULL,
    "destination" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "via" TEXT,
    "legacy_message" TEXT,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- The orders an email lists. A row of their own each, so out-of-stock allocations joining one email
-- never write the same row (they share-lock the email instead, which keeps dispatchers off it).
CREATE TABLE "notification_orders" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "orderid" VARCHAR(255) NOT NULL,
    "qty" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_orders_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notification_orders_notification_id_fkey" FOREIGN KEY ("notification_id")
        REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "notification_orders_notification_id_id_idx" ON "notification_orders"("notification_id", "id");

-- The newest email of a sku, read by every out-of-stock commit.
CREATE INDEX "notifications_sku_due_at_id_idx" ON "notifications"("sku", "due_at" DESC, "id" DESC);

-- What dispatchers claim: unsent, by due time.
CREATE INDEX "notifications_due_at_id_idx" ON "notifications"("due_at", "id") WHERE "sent_at" IS NULL;

-- The Notifications view, newest first.
CREATE INDEX "notifications_created_at_id_idx" ON "notifications"("created_at" DESC, "id" DESC);

-- At most one email per sku that orders may still join (never claimed): two units of work creating
-- one at once collide here, and the loser's retry joins the winner's.
CREATE UNIQUE INDEX "notifications_open_sku_key" ON "notifications"("sku")
    WHERE "sent_at" IS NULL AND "claimed_until" IS NULL AND "attempts" = 0;

-- Notifications recorded before this migration stay in the view, as recorded, with their text.
INSERT INTO "notifications" ("sku", "destination", "created_at", "due_at", "sent_at", "via", "legacy_message")
SELECT coalesce(substring("message" FROM '^Out of stock for (\S+):'), ''), "destination",
       "sent_at", "sent_at", "sent_at", 'recorded', "message"
FROM "recorded_notifications" ORDER BY "sent_at", "id";
