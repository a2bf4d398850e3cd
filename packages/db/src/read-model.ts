import type {
  Allocated,
  AllocationLine,
  BatchCreated,
  BatchQuantityChanged,
  OutOfStock,
  ReadModelWriter,
} from '@allocation/domain';

/** A parameterised statement, run when the unit of work commits. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly name: string;
}

/**
 * Writes the read tables in the unit of work's transaction: the statements are collected and run
 * when it commits (none if it does not). Same semantics as the domain's FakeReadModel: allocating a
 * line twice counts once, removing a line that is not (or no longer) in that batch does nothing.
 */
export class SqlReadModelWriter implements ReadModelWriter {
  readonly pending: Statement[] = [];

  #add(text: string, values: readonly unknown[], name: string): void {
    this.pending.push({ text, values, name });
  }

  async batchCreated(event: BatchCreated): Promise<void> {
    this.#add(
      `INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
       VALUES ($1::varchar, $2::varchar, $3::int, 0, $4::date)
       ON CONFLICT (reference) DO UPDATE SET sku = excluded.sku, purchased = excluded.purchased,
         allocated = 0, eta = excluded.eta`,
      [event.ref, event.sku, event.qty, event.eta],
      'rm_batch_created',
    );
  }

  async batchQuantityChanged(event: BatchQuantityChanged): Promise<void> {
    this.#add(
      'UPDATE batch_stock_view SET purchased = $2::int WHERE reference = $1::varchar',
      [event.ref, event.qty],
      'rm_batch_quantity_changed',
    );
  }

  async lineAllocated(event: Allocated): Promise<void> {
    this.#add(
      `WITH added AS (
         INSERT INTO allocations_view (orderid, sku, qty, batchref)
         VALUES ($1::varchar, $2::varchar, $3::int, $4::varchar)
         ON CONFLICT (orderid, sku) DO NOTHING
         RETURNING batchref, qty)
       UPDATE batch_stock_view s SET allocated = s.allocated + added.qty
       FROM added WHERE s.reference = added.batchref`,
      [event.orderid, event.sku, event.qty, event.batchref],
      'rm_line_allocated',
    );
  }

  async lineDeallocated(line: AllocationLine): Promise<void> {
    this.#add(
      `WITH removed AS (
         DELETE FROM allocations_view
         WHERE orderid = $1::varchar AND sku = $2::varchar AND batchref = $3::varchar
         RETURNING batchref)
       UPDATE batch_stock_view s SET allocated = s.allocated - $4::int
       FROM removed WHERE s.reference = removed.batchref`,
      [line.orderid, line.sku, line.batchref, line.qty],
      'rm_line_deallocated',
    );
  }

  async outOfStock(event: OutOfStock, at: Date): Promise<void> {
    this.#add(
      `INSERT INTO out_of_stock_alerts (sku, orderid, qty, at)
       VALUES ($1::varchar, $2::varchar, $3::int, $4::timestamptz)`,
      [event.sku, event.orderid, event.qty, at],
      'rm_out_of_stock',
    );
  }
}
