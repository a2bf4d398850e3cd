-- The allocation service's first schema: the Product aggregate (write side), the read tables the
-- views query (CQRS), and the transactional outbox. Text columns of the read tables use COLLATE "C"
-- so that PostgreSQL sorts them exactly as the in-memory read model (JavaScript) does.

-- CreateExtension: trigram index for the case-insensitive "sku contains" filter.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "products" (
    "sku" VARCHAR(255) NOT NULL,
    "version_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "products_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "batches" (
    "id" SERIAL NOT NULL,
    "reference" VARCHAR(255) NOT NULL,
    "sku" VARCHAR(255) NOT NULL,
    "purchased_quantity" INTEGER NOT NULL,
    "allocated_quantity" INTEGER NOT NULL DEFAULT 0,
    "eta" DATE,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "batches_quantities_check" CHECK ("purchased_quantity" >= 0 AND "allocated_quantity" >= 0)
);

-- CreateTable
CREATE TABLE "allocations" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "orderid" VARCHAR(255) NOT NULL,
    "sku" VARCHAR(255) NOT NULL,
    "qty" INTEGER NOT NULL,

    CONSTRAINT "allocations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "allocations_qty_check" CHECK ("qty" >= 1)
);

-- CreateTable
CREATE TABLE "allocations_view" (
    "orderid" VARCHAR(255) COLLATE "C" NOT NULL,
    "sku" VARCHAR(255) COLLATE "C" NOT NULL,
    "qty" INTEGER NOT NULL,
    "batchref" VARCHAR(255) COLLATE "C" NOT NULL,

    CONSTRAINT "allocations_view_pkey" PRIMARY KEY ("orderid","sku")
);

-- CreateTable
CREATE TABLE "batch_stock_view" (
    "reference" VARCHAR(255) COLLATE "C" NOT NULL,
    "sku" VARCHAR(255) COLLATE "C" NOT NULL,
    "purchased" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "available" INTEGER NOT NULL GENERATED ALWAYS AS ("purchased" - "allocated") STORED,
    "eta" DATE,

    CONSTRAINT "batch_stock_view_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "out_of_stock_alerts" (
    "id" BIGSERIAL NOT NULL,
    "sku" VARCHAR(255) COLLATE "C" NOT NULL,
    "orderid" VARCHAR(255) COLLATE "C" NOT NULL,
    "qty" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "out_of_stock_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recorded_notifications" (
    "id" BIGSERIAL NOT NULL,
    "destination" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recorded_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "batches_reference_key" ON "batches"("reference");

-- CreateIndex: a product's batches, in the order they were added.
CREATE INDEX "batches_sku_id_idx" ON "batches"("sku", "id");

-- CreateIndex: one allocation per order line; also how allocate finds an order's existing line.
CREATE UNIQUE INDEX "allocations_orderid_sku_key" ON "allocations"("orderid", "sku");

-- CreateIndex: a batch's lines, oldest first.
CREATE INDEX "allocations_batch_id_id_idx" ON "allocations"("batch_id", "id");

-- CreateIndex
CREATE INDEX "allocations_view_batchref_idx" ON "allocations_view"("batchref");

-- CreateIndex: stock per sku, and the batch list's sort orders (ties broken by reference).
CREATE INDEX "batch_stock_view_sku_reference_idx" ON "batch_stock_view"("sku", "reference");
CREATE INDEX "batch_stock_view_eta_reference_idx" ON "batch_stock_view"("eta", "reference");
CREATE INDEX "batch_stock_view_purchased_reference_idx" ON "batch_stock_view"("purchased", "reference");
CREATE INDEX "batch_stock_view_allocated_reference_idx" ON "batch_stock_view"("allocated", "reference");
CREATE INDEX "batch_stock_view_available_reference_idx" ON "batch_stock_view"("available", "reference");

-- CreateIndex: case-insensitive "sku contains" (ILIKE '%…%').
CREATE INDEX "batch_stock_view_sku_trgm_idx" ON "batch_stock_view" USING GIN ("sku" gin_trgm_ops);

-- CreateIndex: newest first; equal times in the order they were recorded (as the in-memory read model).
CREATE INDEX "out_of_stock_alerts_at_id_idx" ON "out_of_stock_alerts"("at" DESC, "id");
CREATE INDEX "out_of_stock_alerts_sku_at_id_idx" ON "out_of_stock_alerts"("sku", "at" DESC, "id");

-- CreateIndex
CREATE INDEX "recorded_notifications_sent_at_id_idx" ON "recorded_notifications"("sent_at" DESC, "id");

-- CreateIndex
CREATE INDEX "dead_letters_received_at_id_idx" ON "dead_letters"("received_at" DESC, "id");

-- CreateIndex: the relay's "oldest unsent first".
CREATE INDEX "outbox_sent_at_id_idx" ON "outbox"("sent_at", "id");

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_sku_fkey" FOREIGN KEY ("sku") REFERENCES "products"("sku") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
