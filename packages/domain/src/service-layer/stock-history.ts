/**
 * The stock history (read side): an append-only record of how stock moved, one entry per event,
 * written by event handlers with the injected clock, and the dashboard's questions about it.
 */
import type { DomainEvent } from '../model/events.ts';

/** What happened, in the history's words; `start` is the point a migration seeds per batch. */
export const HISTORY_KINDS = [
  'start',
  'batch_added',
  'quantity_changed',
  'allocated',
  'pushed_out',
  'deallocated',
  'out_of_stock',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One entry as an event handler records it; the store adds the stock left at that moment. */
export interface HistoryEntry {
  readonly at: Date;
  readonly kind: Exclude<HistoryKind, 'start'>;
  readonly sku: string;
  /** The batch the event touched; null for an out-of-stock. */
  readonly batchref: string | null;
  readonly orderid: string | null;
  /** The line's quantity, or the batch's purchased quantity for batch_added / quantity_changed. */
  readonly qty: number;
}

/** An entry as stored: with the stock left, read from the write model when it was recorded. */
export interface HistoryRecord extends HistoryEntry {
  /** The batch's purchased and available quantity right after; null without a batch. */
  readonly batchPurchased: number | null;
  readonly batchAvailable: number | null;
  /** Everything available of the sku right after. */
  readonly skuAvailable: number;
}

export interface StockHistoryWriter {
  /** Appended when the unit of work commits, with the stock left as the write model then holds it. */
  record(entry: HistoryEntry): Promise<void>;
}

/** The history entry an event calls for. */
export function historyEntryFor(event: DomainEvent, at: Date): HistoryEntry {
  switch (event.type) {
    case 'BatchCreated':
      return { at, kind: 'batch_added', sku: event.sku, batchref: event.ref, orderid: null, qty: event.qty };
    case 'BatchQuantityChanged':
      return {
        at,
        kind: 'quantity_changed',
        sku: event.sku,
        batchref: event.ref,
        orderid: null,
        qty: event.qty,
      };
    case 'Allocated':
      return line(at, 'allocated', event);
    case 'Deallocated':
      return line(at, 'pushed_out', event);
    case 'AllocationCancelled':
      return line(at, 'deallocated', event);
    case 'OutOfStock':
      return {
        at,
        kind: 'out_of_stock',
        sku: event.sku,
        batchref: null,
        orderid: event.orderid,
        qty: event.qty,
      };
  }
}

function line(
  at: Date,
  kind: HistoryEntry['kind'],
  event: { sku: string; orderid: string; qty: number; batchref: string },
): HistoryEntry {
  return { at, kind, sku: event.sku, batchref: event.batchref, orderid: event.orderid, qty: event.qty };
}

// --- The dashboard's questions ---

export type Bucket = 'hour' | 'day';

/** A period of the dashboard: [from, to), bucketed by hour or day (UTC). */
export interface DashboardPeriod {
  readonly from: Date;
  readonly to: Date;
  readonly bucket: Bucket;
}

/** Up to this long a period is shown by the hour, beyond it by the day. */
export const HOURLY_BUCKETS_UP_TO_MS = 3 * 24 * 3_600_000;
/** The longest period the dashboard answers for (one year and a day). */
export const DASHBOARD_MAX_PERIOD_MS = 367 * 24 * 3_600_000;
/** "Running out" reads the allocation rate of this many days before the period's end. */
export const ALLOCATION_RATE_DAYS = 7;

export function bucketFor(from: Date, to: Date): Bucket {
  return to.getTime() - from.getTime() <= HOURLY_BUCKETS_UP_TO_MS ? 'hour' : 'day';
}

/** The figures of a period: stock as it stood at its end, and what happened during it. */
export interface DashboardFigures {
  readonly skus: number;
  readonly purchased: number;
  readonly allocated: number;
  readonly available: number;
  /** Lines allocated (re-allocations of lines moved by a quantity change included) and their units. */
  readonly allocations: number;
  readonly unitsAllocated: number;
  readonly outOfStock: number;
  /** allocations / (allocations + out-of-stock); null when no line was asked for. */
  readonly fillRate: number | null;
}

/** The available quantity of one batch at the end of one bucket. */
export interface BatchStockPoint {
  readonly bucket: Date;
  readonly batchref: string;
  readonly available: number;
}

export interface BucketCount {
  readonly bucket: Date;
  readonly count: number;
  readonly units: number;
}

export interface SkuCover {
  readonly sku: string;
  readonly available: number;
  /** Units allocated per day over the ALLOCATION_RATE_DAYS before the period's end. */
  readonly allocatedPerDay: number;
  /** available / allocatedPerDay. */
  readonly daysOfCover: number;
}

export interface StockHistoryViews {
  dashboardFigures(period: DashboardPeriod): Promise<DashboardFigures>;
  /** Each batch of the sku, available at each bucket's end, oldest bucket first, batches by reference. */
  skuStockOverTime(sku: string, period: DashboardPeriod): Promise<BatchStockPoint[]>;
  /** Buckets with at least one allocation, oldest first. */
  allocationsOverTime(period: DashboardPeriod): Promise<BucketCount[]>;
  /** Days (UTC) with at least one out-of-stock, oldest first. */
  outOfStockPerDay(period: DashboardPeriod): Promise<BucketCount[]>;
  /** The skus with allocations in the last ALLOCATION_RATE_DAYS whose stock would last the fewest days. */
  runningOut(period: DashboardPeriod, limit: number): Promise<SkuCover[]>;
}

/** The start of the bucket (UTC) holding `at`. */
export function bucketStart(at: Date, bucket: Bucket): Date {
  const start = new Date(at);
  if (bucket === 'day') start.setUTCHours(0, 0, 0, 0);
  else start.setUTCMinutes(0, 0, 0);
  return start;
}

/** Every bucket start from the one holding `from` up to (not including) `to`. */
export function bucketsOf(period: DashboardPeriod): Date[] {
  const step = period.bucket === 'day' ? 86_400_000 : 3_600_000;
  const buckets: Date[] = [];
  for (let t = bucketStart(period.from, period.bucket).getTime(); t < period.to.getTime(); t += step) {
    buckets.push(new Date(t));
  }
  return buckets;
}
