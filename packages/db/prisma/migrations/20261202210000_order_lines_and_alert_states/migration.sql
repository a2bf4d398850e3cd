-- Finding things. allocations_view becomes the read table of every order line seen, allocated or not:
-- each row gets its state (allocated, out_of_stock, cancelled, or unallocated for a reason not yet
-- told) and when it came to it; lines that ran out of stock get rows too (without batch). The book's
-- view still reads the rows with a batch. Out-of-stock alerts get resolved_at: set when their line
-- is allocated after all. Suggestions and close matches search order ids by trigrams.
-- Existing data is seeded: states from the alerts, times and quantities from the audit trail where
-- it knows them (lines older than both keep a null time).

-- AlterTable
ALTER TABLE "allocations_view" ADD COLUMN "state" VARCHAR(16) NOT NULL DEFAULT 'allocated',
    ADD COLUMN "state_at" TIMESTAMPTZ(3),
    ADD CONSTRAINT "allocations_view_state_check"
        CHECK ("state" IN ('allocated', 'out_of_stock', 'cancelled', 'unallocated'));

-- AlterTable
ALTER TABLE "out_of_stock_alerts" ADD COLUMN "resolved_at" TIMESTAMPTZ(3);

-- Seed: a line that left its batch is out of stock if an alert names it, otherwise cancelled.
UPDATE "allocations_view" v SET
    "state" = CASE WHEN EXISTS (
        SELECT 1 FROM "out_of_stock_alerts" a WHERE a."orderid" = v."orderid" AND a."sku" = v."sku"
    ) THEN 'out_of_stock' ELSE 'cancelled' END
WHERE v."batchref" IS NULL;

-- Seed: lines that only ever ran out of stock.
INSERT INTO "allocations_view" ("orderid", "sku", "qty", "batchref", "version", "state", "state_at")
SELECT DISTINCT ON (a."orderid", a."sku") a."orderid", a."sku", a."qty", NULL,
       COALESCE(p."version_number", 0), 'out_of_stock', a."at"
FROM "out_of_stock_alerts" a LEFT JOIN "products" p ON p."sku" = a."sku"
ORDER BY a."orderid", a."sku", a."at" DESC, a."id" DESC
ON CONFLICT ("orderid", "sku") DO NOTHING;

-- Seed: when each line came to its state, and the quantity of lines that left their batch.
UPDATE "allocations_view" v SET
    "state_at" = COALESCE(v."state_at", (
        SELECT max(r."at") FROM "audit_record" r
        WHERE r."outcome" = 'succeeded'
          AND r."command" = CASE v."state" WHEN 'cancelled' THEN 'Deallocate' ELSE 'Allocate' END
          AND r."orderids" @> ARRAY[v."orderid"]::VARCHAR(255)[] AND r."skus" @> ARRAY[v."sku"]::VARCHAR(255)[]
    ), (
        SELECT max(a."at") FROM "out_of_stock_alerts" a
        WHERE v."state" = 'out_of_stock' AND a."orderid" = v."orderid" AND a."sku" = v."sku"
    )),
    "qty" = COALESCE(v."qty", (
        SELECT (r."fields"->>'qty')::int FROM "audit_record" r
        WHERE r."outcome" = 'succeeded' AND r."command" = 'Allocate'
          AND r."orderids" @> ARRAY[v."orderid"]::VARCHAR(255)[] AND r."skus" @> ARRAY[v."sku"]::VARCHAR(255)[]
        ORDER BY r."at" DESC, r."id" DESC LIMIT 1
    ), (
        SELECT a."qty" FROM "out_of_stock_alerts" a WHERE a."orderid" = v."orderid" AND a."sku" = v."sku"
        ORDER BY a."at" DESC, a."id" DESC LIMIT 1
    ));

-- Seed: an alert whose line is allocated now was resolved by that allocation.
UPDATE "out_of_stock_alerts" a SET "resolved_at" = GREATEST(a."at", COALESCE(v."state_at", a."at"))
FROM "allocations_view" v
WHERE v."orderid" = a."orderid" AND v."sku" = a."sku" AND v."state" = 'allocated';

-- CreateIndex: resolving a line's open alerts; the open ones newest first; open alerts per sku.
CREATE INDEX "out_of_stock_alerts_open_line_idx" ON "out_of_stock_alerts"("orderid", "sku") WHERE "resolved_at" IS NULL;
CREATE INDEX "out_of_stock_alerts_open_at_id_idx" ON "out_of_stock_alerts"("at" DESC, "id") WHERE "resolved_at" IS NULL;
CREATE INDEX "out_of_stock_alerts_open_sku_idx" ON "out_of_stock_alerts"("sku") WHERE "resolved_at" IS NULL;

-- CreateIndex: order id suggestions and close matches (ILIKE '%…%' and similarity).
CREATE INDEX "allocations_view_orderid_trgm_idx" ON "allocations_view" USING GIN ("orderid" gin_trgm_ops);
