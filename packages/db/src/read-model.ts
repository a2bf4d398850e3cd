import type {
  Allocated,
  AllocationLine,
  BatchCreated,
  BatchQuantityChanged,
  DeallocationReason,
  OutOfStock,
  ReadModelWriter,
} from '@allocation/domain';
import pg from 'pg';
import { announceLatest } from './live-change-announcer.ts';

/** A parameterised statement, run when the unit of work commits. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly name: string;
}

/**
 * Copies the batches `filter` selects from the write model into batch_stock_view with their
 * product's version, except where the view already holds a newer version.
 */
const copyBatches = (filter: string) => `
  INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta, version)
  SELECT b.reference, b.sku, b.purchased_quantity, b.allocated_quantity, b.eta, p.version_number
  FROM batches b JOIN products p ON p.sku = b.sku
  ${filter}
  ON CONFLICT (reference) DO UPDATE SET sku = excluded.sku, purchased = excluded.purchased,
    allocated = excluded.allocated, eta = excluded.eta, version = excluded.version
  WHERE batch_stock_view.version < excluded.version`;

/**
 * Copies the order lines whose (orderid, sku) `keys` lists into allocations_view the same way, with
 * their state: `allocated` with the batch holding the line, otherwise the reason `reason` gives (an
 * SQL expression: `cancelled`, `out_of_stock`, or null for a copy that does not know why, which
 * keeps the state a row without batch already has). A line allocated nowhere stays as a row without
 * batch, so an older copy cannot bring it back. The write model holds no reasons, so a copy that
 * knows one may also complete a same-version row that does not.
 */
const copyLines = (keys: string, { reason, qty, at }: { reason: string; qty: string; at: string }) => `
  INSERT INTO allocations_view AS v (orderid, sku, qty, batchref, version, state, state_at)
  SELECT k.orderid, k.sku, COALESCE(a.qty, ${qty}), b.reference, p.version_number,
         CASE WHEN b.reference IS NOT NULL THEN 'allocated' ELSE COALESCE(${reason}, 'unallocated') END, ${at}
  FROM (${keys}) k
  JOIN products p ON p.sku = k.sku
  LEFT JOIN allocations a ON a.orderid = k.orderid AND a.sku = k.sku
  LEFT JOIN batches b ON b.id = a.batch_id
  ON CONFLICT (orderid, sku) DO UPDATE SET qty = COALESCE(excluded.qty, v.qty), batchref = excluded.batchref,
    version = excluded.version,
    state = CASE WHEN excluded.state = 'unallocated' AND v.batchref IS NULL THEN v.state ELSE excluded.state END,
    state_at = CASE WHEN excluded.state = 'unallocated' AND v.batchref IS NULL THEN v.state_at
                    ELSE excluded.state_at END
  WHERE v.version < excluded.version
     OR (v.version = excluded.version AND excluded.batchref IS NULL AND excluded.state <> 'unallocated'
         AND v.state <> excluded.state)`;

/** One batch ($1). */
const SYNC_BATCH = copyBatches('WHERE b.reference = $1::varchar');

/** One line ($1 orderid, $2 sku, $4 reason, $5 qty, $6 when) and its batch ($3): one statement, one snapshot. */
const SYNC_LINE_AND_BATCH = `
  WITH line AS (${copyLines('SELECT $1::varchar AS orderid, $2::varchar AS sku', {
    reason: '$4::varchar',
    qty: '$5::int',
    at: '$6::timestamptz',
  })} RETURNING 1)
  ${copyBatches('WHERE b.reference = $3::varchar')}`;

/** The same for an allocated line, whose open out-of-stock alerts are resolved at $6. */
const SYNC_ALLOCATED_LINE = `
  WITH resolved AS (
    UPDATE out_of_stock_alerts SET resolved_at = $6::timestamptz
    WHERE orderid = $1::varchar AND sku = $2::varchar AND resolved_at IS NULL RETURNING 1
  ), ${SYNC_LINE_AND_BATCH.trim().slice('WITH '.length)}`;

/**
 * An alert ($1 sku, $2 orderid, $3 qty, $4 when), resolved at once if the line is allocated by now
 * (its handler ran late), and the line shown out of stock unless it has a batch.
 */
const OUT_OF_STOCK = `
  WITH allocated AS (SELECT EXISTS (SELECT 1 FROM allocations WHERE orderid = $2::varchar AND sku = $1::varchar) AS yes),
  alert AS (
    INSERT INTO out_of_stock_alerts (sku, orderid, qty, at, resolved_at)
    SELECT $1::varchar, $2::varchar, $3::int, $4::timestamptz, CASE WHEN allocated.yes THEN $4::timestamptz END
    FROM allocated RETURNING 1
  )
  INSERT INTO allocations_view AS v (orderid, sku, qty, batchref, version, state, state_at)
  SELECT $2::varchar, $1::varchar, $3::int, NULL,
         COALESCE((SELECT version_number FROM products WHERE sku = $1::varchar), 0), 'out_of_stock', $4::timestamptz
  FROM allocated WHERE NOT allocated.yes
  ON CONFLICT (orderid, sku) DO UPDATE SET qty = excluded.qty, state = 'out_of_stock', state_at = excluded.state_at
  WHERE v.batchref IS NULL`;

/**
 * Writes the read tables in the unit of work's transaction: the statements are collected and run
 * when it commits (none if it does not). Event handlers run in transactions of their own, so two of
 * them for one product may commit in either order (a cancellation's before the allocation's, say).
 * Rather than apply the event as a change, each copies the current state of what the event touched
 * from the write model, with the product's version: a row is only ever replaced by a newer version,
 * so whatever the order, the views end at the latest state. An event is only a notice of what to copy.
 */
export class SqlReadModelWriter implements ReadModelWriter {
  readonly pending: Statement[] = [];

  #add(text: string, values: readonly unknown[], name: string): void {
    this.pending.push({ text, values, name });
  }

  async batchCreated(event: BatchCreated): Promise<void> {
    this.#add(SYNC_BATCH, [event.ref], 'rm_sync_batch');
  }

  async batchQuantityChanged(event: BatchQuantityChanged): Promise<void> {
    this.#add(SYNC_BATCH, [event.ref], 'rm_sync_batch');
  }

  async lineAllocated(event: Allocated, at: Date): Promise<void> {
    const { orderid, sku, batchref, qty } = event;
    this.#add(SYNC_ALLOCATED_LINE, [orderid, sku, batchref, null, qty, at], 'rm_sync_allocated_line');
  }

  async lineDeallocated(line: AllocationLine, reason: DeallocationReason, at: Date): Promise<void> {
    // A pushed-out line still without batch is one no batch could take.
    const state = reason === 'cancelled' ? 'cancelled' : 'out_of_stock';
    this.#add(
      SYNC_LINE_AND_BATCH,
      [line.orderid, line.sku, line.batchref, state, line.qty, at],
      'rm_sync_line',
    );
  }

  async outOfStock(event: OutOfStock, at: Date): Promise<void> {
    this.#add(OUT_OF_STOCK, [event.sku, event.orderid, event.qty, at], 'rm_out_of_stock');
  }
}

/**
 * How many rows `copy` wrote into `view` that showed something else before (or were missing). A row
 * whose version stamp lagged but whose columns already matched the write model (a batch of the same
 * product as one an allocation touched) is rewritten too, for its version, but was not behind: it is
 * not counted. Every part of one statement sees the rows as they were before it.
 */
const countedChanges = (view: string, key: string, columns: string, copy: string) => `
  WITH before AS (SELECT ${key}, ${columns} FROM ${view}),
  copied AS (${copy} RETURNING ${key}, ${columns})
  SELECT count(*)::int AS copied FROM copied c LEFT JOIN before b USING (${key})
  WHERE (${prefixed('b', columns)}) IS DISTINCT FROM (${prefixed('c', columns)})`;

const prefixed = (alias: string, columns: string) =>
  columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');

const REFRESH_BATCHES = countedChanges(
  'batch_stock_view',
  'reference',
  'sku, purchased, allocated, eta',
  copyBatches(''),
);
/** Every line allocated now or shown in the view. */
const REFRESH_LINES = countedChanges(
  'allocations_view',
  'orderid, sku',
  'qty, batchref, state',
  copyLines('SELECT orderid, sku FROM allocations UNION SELECT orderid, sku FROM allocations_view', {
    reason: 'NULL::varchar',
    qty: 'NULL::int',
    at: 'NULL::timestamptz',
  }),
);

/**
 * Brings every read-table row the write model has moved past up to date, the way the event handlers
 * would have. Needed after a process died between a command's commit and its event handlers; cheap
 * otherwise (it writes only rows behind their product's version). The launcher runs it at start.
 * Returns how many batch and line rows showed something out of date (0 and 0 normally).
 */
export async function refreshReadModel(url: string): Promise<{ batches: number; lines: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const batches = (await client.query<{ copied: number }>(REFRESH_BATCHES)).rows[0]?.copied ?? 0;
    const lines = (await client.query<{ copied: number }>(REFRESH_LINES)).rows[0]?.copied ?? 0;
    // Written outside any database's pool: tell the live views here (see LiveChangeAnnouncer).
    if (batches + lines > 0) await announceLatest(client, -1n);
    return { batches, lines };
  } finally {
    await client.end();
  }
}
