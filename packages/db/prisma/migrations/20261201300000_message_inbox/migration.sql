-- The inbox: the key of every message whose effect committed (a Redis stream entry's id, prefixed by
-- its stream), written in the same transaction as that effect, so a redelivered message changes nothing.

-- CreateTable
CREATE TABLE "message_inbox" (
    "key" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "message_inbox_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "message_inbox_handled_at_idx" ON "message_inbox"("handled_at");
