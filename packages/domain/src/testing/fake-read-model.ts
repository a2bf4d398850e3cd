import type { Allocated, BatchCreated, BatchQuantityChanged, OutOfStock } from '../model/events.ts';
import type { AllocationLine, ReadModelWriter } from '../service-layer/ports.ts';
import type {
  AlertQuery,
  AllocationViews,
  BatchListQuery,
  BatchStock,
  OrderAllocation,
  OutOfStockAlert,
  Page,
} from '../service-layer/views.ts';

interface BatchRow {
  reference: string;
  sku: string;
  purchased: number;
  allocated: number;
  eta: BatchStock['eta'];
}

/**
 * The read tables in memory, with the same query semantics as the database views, so entry
 * points and pages can be tested without a database.
 */
export class FakeReadModel implements ReadModelWriter, AllocationViews {
  readonly #batches = new Map<string, BatchRow>();
  readonly #allocations = new Map<string, AllocationLine>();
  readonly #alerts: OutOfStockAlert[] = [];

  async batchCreated(event: BatchCreated): Promise<void> {
    this.#batches.set(event.ref, {
      reference: event.ref,
      sku: event.sku,
      purchased: event.qty,
      allocated: 0,
      eta: event.eta,
    });
  }

  async batchQuantityChanged(event: BatchQuantityChanged): Promise<void> {
    const row = this.#batches.get(event.ref);
    if (row) row.purchased = event.qty;
  }

  async lineAllocated(event: Allocated): Promise<void> {
    const key = allocationKey(event.orderid, event.sku);
    if (this.#allocations.has(key)) return;
    const { orderid, sku, qty, batchref } = event;
    this.#allocations.set(key, { orderid, sku, qty, batchref });
    const row = this.#batches.get(batchref);
    if (row) row.allocated += qty;
  }

  async lineDeallocated(line: AllocationLine): Promise<void> {
    const key = allocationKey(line.orderid, line.sku);
    const existing = this.#allocations.get(key);
    if (!existing || existing.batchref !== line.batchref) return;
    this.#allocations.delete(key);
    const row = this.#batches.get(line.batchref);
    if (row) row.allocated -= line.qty;
  }

  async outOfStock(event: OutOfStock, at: Date): Promise<void> {
    this.#alerts.push({ sku: event.sku, orderid: event.orderid, qty: event.qty, at });
  }

  async allocationsForOrder(orderid: string): Promise<OrderAllocation[]> {
    return [...this.#allocations.values()]
      .filter((line) => line.orderid === orderid)
      .sort((a, b) => compare(a.sku, b.sku))
      .map(({ sku, qty, batchref }) => ({ sku, qty, batchref }));
  }

  async stockForSku(sku: string): Promise<BatchStock[]> {
    return [...this.#batches.values()]
      .filter((row) => row.sku === sku)
      .map(toStock)
      .sort((a, b) => compareEta(a.eta, b.eta) || compare(a.reference, b.reference));
  }

  async listBatches(query: BatchListQuery): Promise<Page<BatchStock>> {
    const skuFilter = query.sku?.toLowerCase();
    const matching = [...this.#batches.values()].map(toStock).filter((stock) => {
      if (skuFilter && !stock.sku.toLowerCase().includes(skuFilter)) return false;
      if (query.etaFrom && (stock.eta === null || stock.eta < query.etaFrom)) return false;
      if (query.etaTo && (stock.eta === null || stock.eta > query.etaTo)) return false;
      if (query.hasStock !== undefined && stock.available > 0 !== query.hasStock) return false;
      return true;
    });
    const { field, direction } = query.sort;
    const sign = direction === 'asc' ? 1 : -1;
    matching.sort((a, b) => {
      const byField = field === 'eta' ? compareEta(a.eta, b.eta) : compare(a[field], b[field]);
      return sign * byField || compare(a.reference, b.reference);
    });
    return paginate(matching, query);
  }

  async searchBatches(text: string, limit: number): Promise<BatchStock[]> {
    const wanted = text.toLowerCase();
    const starts = (stock: BatchStock) => (stock.reference.toLowerCase().startsWith(wanted) ? 0 : 1);
    return [...this.#batches.values()]
      .map(toStock)
      .filter(
        (stock) => stock.reference.toLowerCase().includes(wanted) || stock.sku.toLowerCase().includes(wanted),
      )
      .sort((a, b) => starts(a) - starts(b) || compare(a.reference, b.reference))
      .slice(0, limit);
  }

  async outOfStockAlerts(query: AlertQuery): Promise<Page<OutOfStockAlert>> {
    const matching = this.#alerts
      .filter((alert) => !query.sku || alert.sku === query.sku)
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    return paginate(matching, query);
  }
}

const allocationKey = (orderid: string, sku: string) => JSON.stringify([orderid, sku]);

const toStock = (row: BatchRow): BatchStock => ({ ...row, available: row.purchased - row.allocated });

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Warehouse stock (no eta) first. */
function compareEta(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compare(a, b);
}

function paginate<T>(items: readonly T[], { page, pageSize }: { page: number; pageSize: number }): Page<T> {
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize };
}
