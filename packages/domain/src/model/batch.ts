import type { OrderLine } from './order-line.ts';
import { type CalendarDate, identifier, quantity } from './values.ts';

export interface BatchState {
  readonly reference: string;
  readonly sku: string;
  readonly purchasedQuantity: number;
  readonly eta: CalendarDate | null;
  /** The lines loaded with this batch, oldest first. */
  readonly lines?: readonly OrderLine[];
  /**
   * Sum of every line allocated to the batch, loaded or not. Repositories load only the lines a
   * command needs (so allocating stays cheap however long the history), but always this total.
   * Defaults to the sum of `lines` when every line is loaded.
   */
  readonly allocatedQuantity?: number;
}

/**
 * Stock of one sku, bought in one purchase: in the warehouse (no eta) or on its way.
 * Identity is the reference.
 */
export class Batch {
  readonly reference: string;
  readonly sku: string;
  readonly eta: CalendarDate | null;
  #purchasedQuantity: number;
  #allocatedQuantity: number;
  /** Loaded lines by order id: a batch holds one sku, so the order id identifies the line. */
  readonly #lines = new Map<string, OrderLine>();

  constructor(state: BatchState) {
    this.reference = identifier('batch reference', state.reference);
    this.sku = identifier('sku', state.sku);
    this.eta = state.eta;
    this.#purchasedQuantity = quantity('purchased quantity', state.purchasedQuantity, { min: 0 });
    for (const line of state.lines ?? []) this.#lines.set(line.orderid, line);
    const loaded = [...this.#lines.values()].reduce((sum, line) => sum + line.qty, 0);
    this.#allocatedQuantity = state.allocatedQuantity ?? loaded;
    if (this.#allocatedQuantity < loaded) {
      throw new Error(`Batch ${this.reference}: allocated quantity is less than its loaded lines`);
    }
  }

  get purchasedQuantity(): number {
    return this.#purchasedQuantity;
  }

  get allocatedQuantity(): number {
    return this.#allocatedQuantity;
  }

  get availableQuantity(): number {
    return this.#purchasedQuantity - this.#allocatedQuantity;
  }

  /** Loaded lines, oldest allocation first. */
  get lines(): readonly OrderLine[] {
    return [...this.#lines.values()];
  }

  isWarehouseStock(): boolean {
    return this.eta === null;
  }

  canAllocate(line: OrderLine): boolean {
    return this.sku === line.sku && this.availableQuantity >= line.qty;
  }

  lineOf(orderid: string): OrderLine | undefined {
    return this.#lines.get(orderid);
  }

  /** Allocating a line the batch already holds has no effect, nor does one it cannot take. */
  allocate(line: OrderLine): void {
    if (this.#lines.has(line.orderid) || !this.canAllocate(line)) return;
    this.#lines.set(line.orderid, line);
    this.#allocatedQuantity += line.qty;
  }

  deallocate(orderid: string): OrderLine | undefined {
    const line = this.#lines.get(orderid);
    if (!line) return undefined;
    this.#lines.delete(orderid);
    this.#allocatedQuantity -= line.qty;
    return line;
  }

  /**
   * Takes off the most recent allocations (the customers who have waited least) until what is
   * allocated fits the purchased quantity again; returns them newest first. One pass over the
   * lines, however many must go.
   */
  deallocateExcess(): OrderLine[] {
    const taken: OrderLine[] = [];
    if (this.availableQuantity >= 0) return taken;
    const lines = [...this.#lines.values()];
    for (let i = lines.length - 1; i >= 0 && this.availableQuantity < 0; i--) {
      const line = lines[i] as OrderLine;
      this.deallocate(line.orderid);
      taken.push(line);
    }
    if (this.availableQuantity < 0) {
      throw new Error(`Batch ${this.reference} was loaded without the lines it must give up`);
    }
    return taken;
  }

  changePurchasedQuantity(qty: number): void {
    this.#purchasedQuantity = quantity('quantity', qty, { min: 0 });
  }
}

/** Warehouse stock first, then the earliest eta; ties keep the order the batches were added in. */
export function allocationPreference(a: Batch, b: Batch): number {
  if (a.eta === b.eta) return 0;
  if (a.eta === null) return -1;
  if (b.eta === null) return 1;
  return a.eta < b.eta ? -1 : 1;
}
