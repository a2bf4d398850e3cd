/**
 * What the handlers of the commands that change things answer: what changed, in plain data, so an
 * entry point can describe a command's own result without asking a view.
 * (Allocate answers an `AllocationOutcome`, Deallocate the `AllocationLine` that left its batch.)
 */
import type { CalendarDate } from '../model/values.ts';

/** CreateBatch: the batch as it was created. */
export interface CreatedBatch {
  readonly ref: string;
  readonly sku: string;
  readonly qty: number;
  readonly eta: CalendarDate | null;
}

/** A line a quantity change pushed out of batch `from`, and the batch it moved to (null: none had stock). */
export interface MovedLine {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly from: string;
  readonly to: string | null;
}

/** ChangeBatchQuantity: the batch's new quantity and every line it pushed out, in the order they left. */
export interface BatchQuantityChange {
  readonly ref: string;
  readonly qty: number;
  /** What the batch held before the change; null for a repeated message (nothing was read or changed). */
  readonly before: number | null;
  readonly moved: readonly MovedLine[];
  /** Set when the command's idempotency key was handled before: nothing changed this time. */
  readonly repeated?: true;
}
