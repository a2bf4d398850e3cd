-- The read tables record the product version their row reflects, and a line that left its batch
-- stays as a row without batch (a tombstone). Event handlers run in transactions of their own, so
-- two of them for one product may commit in either order; each now copies the write model's state
-- and only a newer version replaces an older one, so the order no longer matters.

-- AlterTable
ALTER TABLE "allocations_view" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0,
    ALTER COLUMN "qty" DROP NOT NULL,
    ALTER COLUMN "batchref" DROP NOT NULL;

-- AlterTable
ALTER TABLE "batch_stock_view" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
