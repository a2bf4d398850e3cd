/** The SQL of the Product repository and unit of work: loading a product, writing the diff. */
import { namedSql } from './named-sql.ts';
import type { ProductChanges } from './product-changes.ts';

/** One row per batch of the product (or one with no batch), with the loaded lines beside it. */
export interface ProductRow {
  sku: string;
  version_number: number;
  batch_id: number | null;
  reference: string | null;
  purchased: number | null;
  allocated: number | null;
  eta: string | null;
  orderid: string | null;
  qty: number | null;
}

/** A product with every batch and only the line of one order (none when orderid is null). */
export const PRODUCT_WITH_ORDER = namedSql<{ sku: string; orderid: string | null }>()`
SELECT p.sku, p.version_number, b.id AS batch_id, b.reference, b.purchased_quantity AS purchased,
       b.allocated_quantity AS allocated, to_char(b.eta, 'YYYY-MM-DD') AS eta, a.orderid, a.qty
FROM products p
LEFT JOIN batches b ON b.sku = p.sku
LEFT JOIN allocations a ON a.orderid = ${'orderid'}::varchar AND a.sku = p.sku AND a.batch_id = b.id
WHERE p.sku = ${'sku'}::varchar
ORDER BY b.id`;

/** The product of a batch, with every batch and every line of that batch, oldest first. */
export const PRODUCT_OF_BATCH = namedSql<{ reference: string }>()`
SELECT p.sku, p.version_number, b.id AS batch_id, b.reference, b.purchased_quantity AS purchased,
       b.allocated_quantity AS allocated, to_char(b.eta, 'YYYY-MM-DD') AS eta, a.orderid, a.qty
FROM batches t
JOIN products p ON p.sku = t.sku
JOIN batches b ON b.sku = p.sku
LEFT JOIN allocations a ON b.id = t.id AND a.batch_id = b.id
WHERE t.reference = ${'reference'}::varchar
ORDER BY b.id, a.id`;

export const LINE_OF_ORDER = namedSql<{ orderid: string; sku: string }>()`
SELECT 1 AS found FROM allocations WHERE orderid = ${'orderid'}::varchar AND sku = ${'sku'}::varchar`;

/** Rows for the outbox, written with the products' changes. */
export interface OutboxRows {
  readonly outboxChannels: string[];
  /** JSON text of each payload. */
  readonly outboxPayloads: string[];
  /** The unit of work's clock reading at commit. */
  readonly outboxCreatedAt: Date;
}

export type WriteChangesParameters = ProductChanges & OutboxRows;

/**
 * Everything a unit of work changed, in one set-based statement: new products and batches,
 * conditional version bumps (the optimistic-concurrency check: `bumped` counts those that applied),
 * batch quantities and allocated totals, removed and added lines, and the outbox messages. One round
 * trip whatever the change.
 */
export const WRITE_CHANGES = namedSql<WriteChangesParameters>()`
WITH new_products AS (
  INSERT INTO products (sku, version_number)
  SELECT * FROM unnest(${'newProductSkus'}::varchar[], ${'newProductVersions'}::int[])
  RETURNING sku
), bumped AS (
  UPDATE products p SET version_number = x.to_version
  FROM unnest(${'bumpedSkus'}::varchar[], ${'bumpedFromVersions'}::int[], ${'bumpedToVersions'}::int[])
       AS x(sku, from_version, to_version)
  WHERE p.sku = x.sku AND p.version_number = x.from_version
  RETURNING p.sku
), new_batches AS (
  INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
  SELECT * FROM unnest(${'newBatchReferences'}::varchar[], ${'newBatchSkus'}::varchar[],
                       ${'newBatchPurchased'}::int[], ${'newBatchAllocated'}::int[], ${'newBatchEtas'}::date[])
  RETURNING id, reference
), changed_batches AS (
  UPDATE batches b SET purchased_quantity = x.purchased, allocated_quantity = x.allocated
  FROM unnest(${'changedBatchReferences'}::varchar[], ${'changedBatchPurchased'}::int[],
              ${'changedBatchAllocated'}::int[]) AS x(reference, purchased, allocated)
  WHERE b.reference = x.reference
  RETURNING b.id
), removed_lines AS (
  DELETE FROM allocations a
  USING unnest(${'removedLineOrderids'}::varchar[], ${'removedLineSkus'}::varchar[]) AS x(orderid, sku)
  WHERE a.orderid = x.orderid AND a.sku = x.sku
  RETURNING a.id
), added_lines AS (
  INSERT INTO allocations (batch_id, orderid, sku, qty)
  SELECT coalesce(nb.id, b.id), x.orderid, x.sku, x.qty
  FROM unnest(${'addedLineBatchrefs'}::varchar[], ${'addedLineOrderids'}::varchar[],
              ${'addedLineSkus'}::varchar[], ${'addedLineQtys'}::int[]) WITH ORDINALITY
       AS x(batchref, orderid, sku, qty, n)
  LEFT JOIN new_batches nb ON nb.reference = x.batchref
  LEFT JOIN batches b ON b.reference = x.batchref
  ORDER BY x.n
  RETURNING id
), messages AS (
  INSERT INTO outbox (channel, payload, created_at)
  SELECT x.channel, x.payload::jsonb, ${'outboxCreatedAt'}::timestamptz
  FROM unnest(${'outboxChannels'}::text[], ${'outboxPayloads'}::text[]) WITH ORDINALITY
       AS x(channel, payload, n)
  ORDER BY x.n
  RETURNING id
)
SELECT (SELECT count(*) FROM bumped)::int AS bumped`;

/**
 * Deletes lines before WRITE_CHANGES inserts them again (a line moved within one unit of work): the
 * statement's parts all see the same snapshot, so its own delete would not make room for its insert.
 */
export const REMOVE_LINES = namedSql<Pick<ProductChanges, 'removedLineOrderids' | 'removedLineSkus'>>()`
DELETE FROM allocations a
USING unnest(${'removedLineOrderids'}::varchar[], ${'removedLineSkus'}::varchar[]) AS x(orderid, sku)
WHERE a.orderid = x.orderid AND a.sku = x.sku`;
