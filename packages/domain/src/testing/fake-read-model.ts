import type { Allocated, BatchCreated, BatchQuantityChanged, OutOfStock } from '../model/events.ts';
import { matchRank, SIMILARITY_THRESHOLD, trigramSimilarity } from '../service-layer/matching.ts';
import type { AllocationLine, DeallocationReason, ReadModelWriter } from '../service-layer/ports.ts';
import {
  type AlertQuery,
  type AllocationViews,
  type BatchListQuery,
  type BatchStock,
  type OrderAllocation,
  type OrderLineStatus,
  type OutOfStockAlert,
  type Page,
  type SkuListQuery,
  type SkuSummary,
  SUGGESTION_LIMIT,
  type SuggestionKind,
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
  /** Every order line seen, allocated or not, by (orderid, sku). */
  readonly #orderLines = new Map<string, OrderLineStatus & { orderid: string }>();

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

  async lineAllocated(event: Allocated, at: Date): Promise<void> {
    const key = allocationKey(event.orderid, event.sku);
    if (this.#allocations.has(key)) return;
    const { orderid, sku, qty, batchref } = event;
    this.#allocations.set(key, { orderid, sku, qty, batchref });
    this.#orderLines.set(key, { orderid, sku, qty, state: 'allocated', batchref, at });
    const row = this.#batches.get(batchref);
    if (row) row.allocated += qty;
    this.#alerts.forEach((alert, index) => {
      if (alert.orderid === orderid && alert.sku === sku && alert.state === 'open') {
        this.#alerts[index] = { ...alert, state: 'resolved', resolvedAt: at };
      }
    });
  }

  async lineDeallocated(line: AllocationLine, reason: DeallocationReason, at: Date): Promise<void> {
    const key = allocationKey(line.orderid, line.sku);
    const existing = this.#allocations.get(key);
    if (!existing || existing.batchref !== line.batchref) return;
    this.#allocations.delete(key);
    // A pushed-out line that another batch takes is allocated again by the next event.
    this.#orderLines.set(key, {
      orderid: line.orderid,
      sku: line.sku,
      qty: line.qty,
      state: reason === 'cancelled' ? 'cancelled' : 'out_of_stock',
      batchref: null,
      at,
    });
    const row = this.#batches.get(line.batchref);
    if (row) row.allocated -= line.qty;
  }

  async outOfStock(event: OutOfStock, at: Date): Promise<void> {
    const { sku, orderid, qty } = event;
    const key = allocationKey(orderid, sku);
    // As the SQL read model: an out-of-stock handled after its line was allocated is resolved already.
    if (this.#allocations.has(key)) {
      this.#alerts.push({ sku, orderid, qty, at, state: 'resolved', resolvedAt: at });
      return;
    }
    this.#alerts.push({ sku, orderid, qty, at, state: 'open', resolvedAt: null });
    this.#orderLines.set(key, { orderid, sku, qty, state: 'out_of_stock', batchref: null, at });
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
      .filter(
        (alert) => (!query.sku || alert.sku === query.sku) && (!query.state || alert.state === query.state),
      )
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    return paginate(matching, query);
  }

  async orderLines(orderid: string): Promise<OrderLineStatus[]> {
    return [...this.#orderLines.values()]
      .filter((line) => line.orderid === orderid)
      .sort((a, b) => compare(a.sku, b.sku))
      .map(({ orderid: _, ...line }) => line);
  }

  async listSkus(query: SkuListQuery): Promise<Page<SkuSummary>> {
    const bySku = new Map<string, SkuSummary>();
    for (const batch of this.#batches.values()) {
      const sum = bySku.get(batch.sku) ?? {
        sku: batch.sku,
        purchased: 0,
        allocated: 0,
        available: 0,
        batches: 0,
        nextEta: null,
        openAlerts: this.#alerts.filter((a) => a.sku === batch.sku && a.state === 'open').length,
      };
      bySku.set(batch.sku, {
        ...sum,
        purchased: sum.purchased + batch.purchased,
        allocated: sum.allocated + batch.allocated,
        available: sum.available + batch.purchased - batch.allocated,
        batches: sum.batches + 1,
        nextEta:
          batch.eta !== null && (sum.nextEta === null || batch.eta < sum.nextEta) ? batch.eta : sum.nextEta,
      });
    }
    const search = query.search?.toLowerCase();
    const matching = [...bySku.values()].filter((s) => !search || s.sku.toLowerCase().includes(search));
    const { field, direction } = query.sort;
    const sign = direction === 'asc' ? 1 : -1;
    matching.sort((a, b) => {
      // As PostgreSQL sorts: no eta counts as later than any, so last ascending and first descending.
      const byField =
        field === 'nextEta' ? compareNullsLast(a.nextEta, b.nextEta) : compare(a[field], b[field]);
      return sign * byField || compare(a.sku, b.sku);
    });
    return paginate(matching, query);
  }

  async suggest(kind: SuggestionKind, text: string): Promise<string[]> {
    return this.#names(kind)
      .flatMap((name) => {
        const rank = matchRank(name, text);
        return rank === null ? [] : [{ name, rank }];
      })
      .sort((a, b) => a.rank - b.rank || compare(a.name, b.name))
      .slice(0, SUGGESTION_LIMIT)
      .map(({ name }) => name);
  }

  async closeMatches(kind: SuggestionKind, text: string): Promise<string[]> {
    if (text.trim() === '') return [];
    return this.#names(kind)
      .flatMap((name) => {
        const rank = matchRank(name, text);
        if (rank !== null) return [{ name, rank, similarity: 0 }];
        const similarity = trigramSimilarity(name, text);
        return similarity >= SIMILARITY_THRESHOLD ? [{ name, rank: 3, similarity }] : [];
      })
      .sort((a, b) => a.rank - b.rank || b.similarity - a.similarity || compare(a.name, b.name))
      .slice(0, SUGGESTION_LIMIT)
      .map(({ name }) => name);
  }

  /** The skus of the batches, or the orders of the lines seen. */
  #names(kind: SuggestionKind): string[] {
    const names =
      kind === 'sku'
        ? [...this.#batches.values()].map((batch) => batch.sku)
        : [...this.#orderLines.values()].map((line) => line.orderid);
    return [...new Set(names)];
  }
}

const allocationKey = (orderid: string, sku: string) => JSON.stringify([orderid, sku]);

const toStock = (row: BatchRow): BatchStock => ({ ...row, available: row.purchased - row.allocated });

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compare(a, b);
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
