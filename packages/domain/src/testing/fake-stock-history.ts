import type { Product } from '../model/product.ts';
import {
  ALLOCATION_RATE_DAYS,
  type BatchStockPoint,
  type BucketCount,
  bucketStart,
  bucketsOf,
  type DashboardFigures,
  type DashboardPeriod,
  type HistoryEntry,
  type HistoryRecord,
  type SkuCover,
  type StockHistoryViews,
} from '../service-layer/stock-history.ts';

const DAY_MS = 86_400_000;

/** The stock history in memory, with the database's query semantics. */
export class FakeStockHistory implements StockHistoryViews {
  /** Oldest first, as appended. */
  readonly records: HistoryRecord[] = [];

  /** Appends `entry` with the stock left as the committed `products` hold it (as the database reads it). */
  append(entry: HistoryEntry, products: ReadonlyMap<string, Product>): void {
    const product = products.get(entry.sku);
    const batch = entry.batchref === null ? undefined : product?.batch(entry.batchref);
    this.records.push({
      ...entry,
      batchPurchased: batch ? batch.purchasedQuantity : null,
      batchAvailable: batch ? batch.availableQuantity : null,
      skuAvailable: product ? product.batches.reduce((sum, b) => sum + b.availableQuantity, 0) : 0,
    });
  }

  async dashboardFigures(period: DashboardPeriod): Promise<DashboardFigures> {
    const batches = [...this.#lastPerBatch(period.to).values()];
    const purchased = sum(batches.map((r) => r.batchPurchased ?? 0));
    const available = sum(batches.map((r) => r.batchAvailable ?? 0));
    const during = this.#during(period);
    const allocated = during.filter((r) => r.kind === 'allocated');
    const outOfStock = during.filter((r) => r.kind === 'out_of_stock').length;
    return {
      skus: new Set(batches.map((r) => r.sku)).size,
      purchased,
      allocated: purchased - available,
      available,
      allocations: allocated.length,
      unitsAllocated: sum(allocated.map((r) => r.qty)),
      outOfStock,
      fillRate:
        allocated.length + outOfStock === 0 ? null : allocated.length / (allocated.length + outOfStock),
    };
  }

  async skuStockOverTime(sku: string, period: DashboardPeriod): Promise<BatchStockPoint[]> {
    const refs = [
      ...new Set(
        this.records
          .filter((r) => r.sku === sku && r.batchref !== null && r.at < period.to)
          .map((r) => r.batchref as string),
      ),
    ].sort();
    const step = period.bucket === 'day' ? DAY_MS : 3_600_000;
    const points: BatchStockPoint[] = [];
    for (const bucket of bucketsOf(period)) {
      const end = new Date(Math.min(bucket.getTime() + step, period.to.getTime()));
      const last = this.#lastPerBatch(end);
      for (const batchref of refs) {
        points.push({ bucket, batchref, available: last.get(batchref)?.batchAvailable ?? 0 });
      }
    }
    return points;
  }

  async allocationsOverTime(period: DashboardPeriod): Promise<BucketCount[]> {
    return countByBucket(
      this.#during(period).filter((r) => r.kind === 'allocated'),
      period.bucket,
    );
  }

  async outOfStockPerDay(period: DashboardPeriod): Promise<BucketCount[]> {
    return countByBucket(
      this.#during(period).filter((r) => r.kind === 'out_of_stock'),
      'day',
    );
  }

  async runningOut(period: DashboardPeriod, limit: number): Promise<SkuCover[]> {
    const since = period.to.getTime() - ALLOCATION_RATE_DAYS * DAY_MS;
    const units = new Map<string, number>();
    for (const r of this.records) {
      const t = r.at.getTime();
      if (r.kind === 'allocated' && t >= since && t < period.to.getTime()) {
        units.set(r.sku, (units.get(r.sku) ?? 0) + r.qty);
      }
    }
    const covers: SkuCover[] = [];
    for (const [sku, allocatedUnits] of units) {
      const last = this.records.filter((r) => r.sku === sku && r.at < period.to).at(-1);
      const available = last?.skuAvailable ?? 0;
      const allocatedPerDay = allocatedUnits / ALLOCATION_RATE_DAYS;
      covers.push({ sku, available, allocatedPerDay, daysOfCover: available / allocatedPerDay });
    }
    return covers
      .sort((a, b) => a.daysOfCover - b.daysOfCover || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .slice(0, limit);
  }

  /** The last record of each batch before `end`. */
  #lastPerBatch(end: Date): Map<string, HistoryRecord> {
    const last = new Map<string, HistoryRecord>();
    for (const r of this.records) if (r.batchref !== null && r.at < end) last.set(r.batchref, r);
    return last;
  }

  #during(period: DashboardPeriod): HistoryRecord[] {
    return this.records.filter((r) => r.at >= period.from && r.at < period.to);
  }
}

function countByBucket(records: readonly HistoryRecord[], bucket: DashboardPeriod['bucket']): BucketCount[] {
  const counts = new Map<number, BucketCount>();
  for (const r of records) {
    const start = bucketStart(r.at, bucket).getTime();
    const seen = counts.get(start) ?? { bucket: new Date(start), count: 0, units: 0 };
    counts.set(start, { bucket: seen.bucket, count: seen.count + 1, units: seen.units + r.qty });
  }
  return [...counts.values()].sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
