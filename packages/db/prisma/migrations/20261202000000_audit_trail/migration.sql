-- The audit trail: one row per command (who, what, when, the request, the outcome), written in the
-- transaction of the command's change, or alone after a refusal. Never updated. The skus, orders and
-- batches a record is about are kept as arrays beside the JSON, so the Activity view filters on an
-- index instead of reading JSON.

-- CreateTable
CREATE TABLE "audit_record" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_kind" VARCHAR(16) NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,
    "request_id" VARCHAR(128),
    "command" VARCHAR(255) NOT NULL,
    "fields" JSONB NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "result" JSONB,
    "reason_code" VARCHAR(255),
    "reason_message" TEXT,
    "skus" VARCHAR(255)[] NOT NULL DEFAULT ARRAY[]::VARCHAR(255)[],
    "orderids" VARCHAR(255)[] NOT NULL DEFAULT ARRAY[]::VARCHAR(255)[],
    "batchrefs" VARCHAR(255)[] NOT NULL DEFAULT ARRAY[]::VARCHAR(255)[],

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_record_actor_kind_check" CHECK ("actor_kind" IN ('user', 'api-key', 'service')),
    CONSTRAINT "audit_record_outcome_check" CHECK ("outcome" IN ('succeeded', 'refused'))
);

-- CreateIndex
CREATE INDEX "audit_record_at_id_idx" ON "audit_record"("at" DESC, "id" DESC);
CREATE INDEX "audit_record_command_at_id_idx" ON "audit_record"("command", "at" DESC, "id" DESC);
CREATE INDEX "audit_record_skus_idx" ON "audit_record" USING GIN ("skus");
CREATE INDEX "audit_record_orderids_idx" ON "audit_record" USING GIN ("orderids");
CREATE INDEX "audit_record_batchrefs_idx" ON "audit_record" USING GIN ("batchrefs");
CREATE INDEX "audit_record_actor_name_trgm_idx" ON "audit_record" USING GIN (lower("actor_name") gin_trgm_ops);
