import { allocationPreference, Batch } from './batch.ts';
import { DuplicateBatchReference, LineAlreadyAllocated, LineNotAllocated, UnknownBatch } from './errors.ts';
import type { DomainEvent } from './events.ts';
import type { OrderLine } from './order-line.ts';
import { type CalendarDate, identifier } from './values.ts';

export type AllocationOutcome =
  | { readonly status: 'allocated'; readonly batchref: string; readonly alreadyAllocated: boolean }
  | { readonly status: 'out_of_stock' };

/** A line a quantity change pushed out of batch `from`, and the batch it moved to (null: none had stock). */
export interface PushedOutLine {
  readonly line: OrderLine;
  readonly from: string;
  readonly to: string | null;
}

export interface ProductState {
  readonly sku: string;
  readonly versionNumber?: number;
  readonly batches?: readonly Batch[];
}

/**
 * The aggregate: every batch of one sku. All changes to its batches go through it, and each
 * bumps the version number, which is what makes concurrent writers of one product collide.
 */
export class Product {
  readonly sku: string;
  #versionNumber: number;
  readonly #batches: Batch[];
  /** Events recorded since the product was loaded; the unit of work hands them to the bus. */
  readonly events: DomainEvent[] = [];

  constructor(state: ProductState) {
    this.sku = identifier('sku', state.sku);
    this.#versionNumber = state.versionNumber ?? 0;
    this.#batches = [...(state.batches ?? [])];
  }

  get versionNumber(): number {
    return this.#versionNumber;
  }

  get batches(): readonly Batch[] {
    return this.#batches;
  }

  batch(reference: string): Batch | undefined {
    return this.#batches.find((batch) => batch.reference === reference);
  }

  addBatch(reference: string, purchasedQuantity: number, eta: CalendarDate | null): Batch {
    if (this.batch(reference)) throw new DuplicateBatchReference(reference);
    const batch = new Batch({ reference, sku: this.sku, purchasedQuantity, eta });
    this.#batches.push(batch);
    this.#versionNumber += 1;
    this.events.push({ type: 'BatchCreated', ref: reference, sku: this.sku, qty: purchasedQuantity, eta });
    return batch;
  }

  allocate(line: OrderLine): AllocationOutcome {
    const existing = this.#allocationOf(line.orderid);
    if (existing) {
      if (existing.line.qty !== line.qty) {
        throw new LineAlreadyAllocated(line.orderid, line.sku, existing.line.qty, line.qty);
      }
      return { status: 'allocated', batchref: existing.batch.reference, alreadyAllocated: true };
    }
    const batch = this.#preferredBatchFor(line);
    if (!batch) {
      this.events.push({ type: 'OutOfStock', sku: this.sku, orderid: line.orderid, qty: line.qty });
      return { status: 'out_of_stock' };
    }
    this.#allocateTo(batch, line);
    return { status: 'allocated', batchref: batch.reference, alreadyAllocated: false };
  }

  /**
   * Sets a batch's purchased quantity. While the batch holds more than that, its newest lines come
   * off (`Deallocated`, each); each then moves to the batch `allocate` would choose, if one can take
   * it (`Allocated`). A line no batch can take is left unallocated: the `Deallocated` handler
   * allocates it again like any order, which records its `OutOfStock`.
   */
  changeBatchQuantity(reference: string, qty: number): PushedOutLine[] {
    const batch = this.batch(reference);
    if (!batch) throw new UnknownBatch(reference);
    batch.changePurchasedQuantity(qty);
    this.#versionNumber += 1;
    this.events.push({ type: 'BatchQuantityChanged', ref: reference, sku: this.sku, qty });
    const pushedOut = batch.deallocateExcess();
    for (const line of pushedOut) {
      this.events.push({ type: 'Deallocated', ...lineFields(line), batchref: reference });
    }
    return pushedOut.map((line) => {
      const home = this.#preferredBatchFor(line);
      if (home) this.#allocateTo(home, line);
      return { line, from: reference, to: home?.reference ?? null };
    });
  }

  /** The customer cancelled: the line leaves its batch for good. */
  deallocate(orderid: string): { line: OrderLine; batchref: string } {
    const existing = this.#allocationOf(orderid);
    if (!existing) throw new LineNotAllocated(orderid, this.sku);
    existing.batch.deallocate(orderid);
    this.#versionNumber += 1;
    this.events.push({
      type: 'AllocationCancelled',
      ...lineFields(existing.line),
      batchref: existing.batch.reference,
    });
    return { line: existing.line, batchref: existing.batch.reference };
  }

  /** The batch a line goes to: the most preferred that can take it (the first added among equals). */
  #preferredBatchFor(line: OrderLine): Batch | undefined {
    let preferred: Batch | undefined;
    for (const batch of this.#batches) {
      if (!batch.canAllocate(line)) continue;
      if (!preferred || allocationPreference(batch, preferred) < 0) preferred = batch;
    }
    return preferred;
  }

  #allocateTo(batch: Batch, line: OrderLine): void {
    batch.allocate(line);
    this.#versionNumber += 1;
    this.events.push({ type: 'Allocated', ...lineFields(line), batchref: batch.reference });
  }

  #allocationOf(orderid: string): { batch: Batch; line: OrderLine } | undefined {
    for (const batch of this.#batches) {
      const line = batch.lineOf(orderid);
      if (line) return { batch, line };
    }
    return undefined;
  }
}

const lineFields = ({ orderid, sku, qty }: OrderLine) => ({ orderid, sku, qty });
