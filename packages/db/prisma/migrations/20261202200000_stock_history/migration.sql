-- The stock history: append-only, one row per event (batch added, quantity changed, line allocated,
-- pushed out, deallocated, out of stock), with the stock left as the write model held it when the
-- row was written. The dashboard buckets it in SQL. Text columns use COLLATE "C" like the other read
-- tables, so a join on batch_stock_view.reference can use this table's indexes. Every batch starts with a 'start' row holding
-- its state when this migration ran, so existing data has a point to draw from.

-- CreateTable
CREATE TABLE "stock_history" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "sku" VARCHAR(255) COLLATE "C" NOT NULL,
    "batchref" VARCHAR(255) COLLATE "C",
    "orderid" VARCHAR(255) COLLATE "C",
    "qty" INTEGER NOT NULL,
    "batch_purchased" INTEGER,
    "batch_available" INTEGER,
    "sku_available" INTEGER NOT NULL,

    CONSTRAINT "stock_history_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "stock_history_kind_check" CHECK ("kind" IN ('start', 'batch_added', 'quantity_changed',
      'allocated', 'pushed_out', 'deallocated', 'out_of_stock'))
);

-- CreateIndex
-- A batch's (or a sku's) latest row before a moment: the stock at that moment.
CREATE INDEX "stock_history_batchref_at_id_idx" ON "stock_history"("batchref", "at" DESC, "id" DESC)
  INCLUDE ("batch_purchased", "batch_available");
CREATE INDEX "stock_history_sku_at_id_idx" ON "stock_history"("sku", "at" DESC, "id" DESC)
  INCLUDE ("sku_available");
-- Allocations and out-of-stocks of a period, counted without visiting the table.
CREATE INDEX "stock_history_kind_at_idx" ON "stock_history"("kind", "at") INCLUDE ("sku", "qty");

-- Seed: every batch's state now.
INSERT INTO "stock_history" ("at", "kind", "sku", "batchref", "orderid", "qty", "batch_purchased",
  "batch_available", "sku_available")
SELECT now(), 'start', b.sku, b.reference, NULL, b.purchased_quantity, b.purchased_quantity,
  b.purchased_quantity - b.allocated_quantity,
  sum(b.purchased_quantity - b.allocated_quantity) OVER (PARTITION BY b.sku)
FROM "batches" b;
