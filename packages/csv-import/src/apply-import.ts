import {
  Allocate,
  type AllocationBus,
  type CommandOrigin,
  CreateBatch,
  DomainError,
} from '@allocation/domain';
import type { CheckedImport, ImportReport, RowOutcome, RowResult, RowStatus } from './import-rows.ts';
import { inParallel } from './in-parallel.ts';

export interface ApplyOptions {
  readonly bus: AllocationBus;
  /** Who imports: the audit trail names them for every row applied (`cli:allocation import` from the command line). */
  readonly origin: CommandOrigin;
  /** Skus applied at once; the rows of one sku always go one after another, in file order. */
  readonly concurrency?: number;
  /** Called after each row with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Sends every row of a checked file through the message bus, as any other caller would: a new
 * batch as CreateBatch, an order line as Allocate. Rows of different skus run concurrently (the
 * bus retries the conflicts that may cause); a batch that already exists with the same values is
 * left alone. Returns what happened to each row, in file order.
 */
export async function applyImport(checked: CheckedImport, options: ApplyOptions): Promise<ImportReport> {
  if (checked.problems.length > 0) {
    throw new Error(`${checked.file} has ${checked.problems.length} problem(s): fix them before applying`);
  }
  const { bus, origin, concurrency = 8, onProgress } = options;
  const total = checked.rows.length;
  const results: RowResult[] = new Array(total);
  let done = 0;
  const finish = (index: number, result: RowResult) => {
    results[index] = result;
    onProgress?.(++done, total);
  };

  const send = async (index: number): Promise<void> => {
    if (checked.kind === 'batches') {
      const { line, value, exists } = checked.rows[index] as (typeof checked.rows)[number];
      const outcome = exists
        ? ({ status: 'unchanged' } as const)
        : await outcomeOf(async () => {
            await bus.handle(CreateBatch(value), origin);
            return { status: 'created' };
          });
      return finish(index, { line, key: value.ref, outcome });
    }
    const { line, value } = checked.rows[index] as (typeof checked.rows)[number];
    const outcome = await outcomeOf(async () => {
      const allocation = await bus.handle(Allocate(value), origin);
      if (allocation.status === 'out_of_stock') return { status: 'out_of_stock' };
      return {
        status: allocation.alreadyAllocated ? 'already_allocated' : 'allocated',
        batchref: allocation.batchref,
      };
    });
    finish(index, { line, key: `${value.orderid} ${value.sku}`, outcome });
  };

  const bySku = new Map<string, number[]>();
  checked.rows.forEach((row, index) => {
    const indexes = bySku.get(row.value.sku) ?? [];
    indexes.push(index);
    bySku.set(row.value.sku, indexes);
  });
  await inParallel([...bySku.values()], concurrency, async (indexes) => {
    for (const index of indexes) await send(index);
  });

  const counts = tally(results);
  return {
    kind: checked.kind,
    file: checked.file,
    results,
    counts,
    changed: counts.created + counts.allocated > 0,
  };
}

/** A domain error here means the service changed between check and apply: that row failed. */
async function outcomeOf(send: () => Promise<RowOutcome>): Promise<RowOutcome> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: 'failed', message: error.message };
  }
}

function tally(results: readonly RowResult[]): Record<RowStatus, number> {
  const counts: Record<RowStatus, number> = {
    created: 0,
    unchanged: 0,
    allocated: 0,
    already_allocated: 0,
    out_of_stock: 0,
    failed: 0,
  };
  for (const { outcome } of results) counts[outcome.status] += 1;
  return counts;
}
