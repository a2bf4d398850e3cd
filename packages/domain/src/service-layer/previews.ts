/**
 * What a previewed command would change, read from its dry run (`MessageBus.preview`): the handler's
 * answer and the events it and its domain follow-ups recorded. Nothing here applies a rule; it only
 * reads what the rules did.
 */
import type { BatchQuantityChange } from './command-results.ts';
import type { Preview } from './message-bus.ts';

/** A line that would move to another batch. */
export interface LineMove {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly from: string;
  readonly to: string;
}

/** A line that would leave its batch with no batch to take it: out of stock. */
export interface LineOutOfStock {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly from: string;
}

/** A batch quantity change before it happens: before → after, and where each line it pushes out goes. */
export interface BatchQuantityImpact {
  readonly ref: string;
  readonly before: number;
  readonly after: number;
  readonly moves: readonly LineMove[];
  /** From the OutOfStock the re-allocation of the pushed-out lines recorded. */
  readonly outOfStock: readonly LineOutOfStock[];
}

export function batchQuantityImpact({ result, events }: Preview<BatchQuantityChange>): BatchQuantityImpact {
  const leftFrom = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'Deallocated')
      leftFrom.set(JSON.stringify([event.orderid, event.sku]), event.batchref);
  }
  const moves = result.moved.flatMap(({ orderid, sku, qty, from, to }) =>
    to === null ? [] : [{ orderid, sku, qty, from, to }],
  );
  const outOfStock = events.flatMap((event) =>
    event.type === 'OutOfStock'
      ? [
          {
            orderid: event.orderid,
            sku: event.sku,
            qty: event.qty,
            from: leftFrom.get(JSON.stringify([event.orderid, event.sku])) ?? result.ref,
          },
        ]
      : [],
  );
  return { ref: result.ref, before: result.before ?? result.qty, after: result.qty, moves, outOfStock };
}
