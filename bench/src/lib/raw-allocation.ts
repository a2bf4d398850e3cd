/**
 * The allocation transaction written by hand in raw SQL on a pg pool, for comparison with the
 * layered path (message bus + domain + unit of work + repository). Same effects: the line, the
 * batch's allocated total, the product's version, the outbox message and the read tables, in one
 * REPEATABLE READ transaction, retried on serialization failures with the same backoff.
 */
import { backoffDelay, defaultRetryPolicy } from '@allocation/domain';
import type pg from 'pg';

interface BatchRow {
  id: number;
  reference: string;
  purchased_quantity: number;
  allocated_quantity: number;
  eta: string | null;
  version_number: number;
  existing_batch: number | null;
  existing_qty: number | null;
}

export type RawOutcome = { status: 'allocated'; batchref: string } | { status: 'out_of_stock' };

const conflict = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === '40001' || code === '40P01' || code === '23505';
};

async function attempt(pool: pg.Pool, orderid: string, sku: string, qty: number): Promise<RawOutcome> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { rows } = await client.query<BatchRow>({
      name: 'raw_load',
      text: `SELECT b.id, b.reference, b.purchased_quantity, b.allocated_quantity, b.eta::text AS eta, p.version_number,
                    a.batch_id AS existing_batch, a.qty AS existing_qty
             FROM products p JOIN batches b ON b.sku = p.sku
             LEFT JOIN allocations a ON a.orderid = $2 AND a.sku = p.sku AND a.batch_id = b.id
             WHERE p.sku = $1 ORDER BY b.id`,
      values: [sku, orderid],
    });
    const existing = rows.find((row) => row.existing_batch !== null);
    if (existing) {
      await client.query('COMMIT');
      return { status: 'allocated', batchref: existing.reference };
    }
    const candidates = rows
      .filter((row) => row.purchased_quantity - row.allocated_quantity >= qty)
      .sort((a, b) =>
        a.eta === b.eta ? 0 : a.eta === null ? -1 : b.eta === null ? 1 : a.eta < b.eta ? -1 : 1,
      );
    const batch = candidates[0];
    if (!batch) {
      await client.query('COMMIT');
      return { status: 'out_of_stock' };
    }
    const version = rows[0]?.version_number as number;
    await client.query({
      name: 'raw_insert_line',
      text: 'INSERT INTO allocations (batch_id, orderid, sku, qty) VALUES ($1, $2, $3, $4)',
      values: [batch.id, orderid, sku, qty],
    });
    await client.query({
      name: 'raw_update_batch',
      text: 'UPDATE batches SET allocated_quantity = allocated_quantity + $2 WHERE id = $1',
      values: [batch.id, qty],
    });
    const bumped = await client.query({
      name: 'raw_bump_version',
      text: 'UPDATE products SET version_number = $2 WHERE sku = $1 AND version_number = $3',
      values: [sku, version + 1, version],
    });
    if (bumped.rowCount !== 1) throw Object.assign(new Error('version changed'), { code: '40001' });
    await client.query({
      name: 'raw_outbox',
      text: `INSERT INTO outbox (channel, payload) VALUES ('line_allocated', $1::jsonb)`,
      values: [JSON.stringify({ orderid, sku, qty, batchref: batch.reference })],
    });
    await client.query({
      name: 'raw_view',
      text: 'INSERT INTO allocations_view (orderid, sku, qty, batchref) VALUES ($1, $2, $3, $4)',
      values: [orderid, sku, qty, batch.reference],
    });
    await client.query({
      name: 'raw_stock_view',
      text: 'UPDATE batch_stock_view SET allocated = allocated + $2 WHERE reference = $1',
      values: [batch.reference, qty],
    });
    await client.query('COMMIT');
    return { status: 'allocated', batchref: batch.reference };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Allocates with the message bus's retry policy; `onRetry` counts conflicts. */
export async function rawAllocate(
  pool: pg.Pool,
  line: { orderid: string; sku: string; qty: number },
  onRetry: () => void,
): Promise<RawOutcome> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(pool, line.orderid, line.sku, line.qty);
    } catch (error) {
      if (!conflict(error) || tries >= defaultRetryPolicy.attempts) throw error;
      onRetry();
      await defaultRetryPolicy.sleep(backoffDelay(defaultRetryPolicy, tries));
    }
  }
}
