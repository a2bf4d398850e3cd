/**
 * The read side (CQRS): questions product managers and other services ask. Implementations answer
 * each with one query on tables shaped for reading, never by loading aggregates.
 */
import type { CalendarDate } from '../model/values.ts';
import type { NotificationEmail } from './notifications.ts';
import type { DeadLetter } from './ports.ts';

export interface OrderAllocation {
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

export interface BatchStock {
  readonly reference: string;
  readonly sku: string;
  readonly purchased: number;
  readonly allocated: number;
  readonly available: number;
  readonly eta: CalendarDate | null;
}

export const BATCH_SORT_FIELDS = ['reference', 'sku', 'eta', 'purchased', 'allocated', 'available'] as const;
export type BatchSortField = (typeof BATCH_SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export interface PageRequest {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface BatchListQuery extends PageRequest {
  /** Only batches whose sku contains this text (case-insensitive). */
  readonly sku?: string;
  /** Only batches arriving on or after this day; warehouse stock (no eta) is excluded by an eta range. */
  readonly etaFrom?: CalendarDate;
  readonly etaTo?: CalendarDate;
  /** true: only batches with stock left; false: only exhausted ones. */
  readonly hasStock?: boolean;
  /** Warehouse stock (no eta) sorts before any eta when ascending. Ties are broken by reference. */
  readonly sort: { readonly field: BatchSortField; readonly direction: SortDirection };
}

/** Open until the line is allocated after all; then resolved, with when. */
export type AlertState = 'open' | 'resolved';

export interface OutOfStockAlert {
  readonly sku: string;
  readonly orderid: string;
  readonly qty: number;
  readonly at: Date;
  readonly state: AlertState;
  /** When the line was allocated after this alert; null while open. */
  readonly resolvedAt: Date | null;
}

export interface AlertQuery extends PageRequest {
  readonly sku?: string;
  readonly state?: AlertState;
}

/**
 * Where an order line stands: allocated to a batch, out of stock (no batch could take it, or a
 * quantity change pushed it out and none could), cancelled by the customer, or unallocated for a
 * reason the read side has not been told (yet).
 */
export type OrderLineState = 'allocated' | 'out_of_stock' | 'cancelled' | 'unallocated';

export interface OrderLineStatus {
  readonly sku: string;
  /** null only for a line that left its batch before quantities were kept with it, nowhere recorded. */
  readonly qty: number | null;
  readonly state: OrderLineState;
  /** Its batch while allocated; null otherwise. */
  readonly batchref: string | null;
  /** When it came to this state; null when not known (lines older than the record of it). */
  readonly at: Date | null;
}

/** What a suggestion list is about: skus (of batches) or order ids (of order lines seen). */
export type SuggestionKind = 'sku' | 'order';

/** At most this many suggestions or close matches. */
export const SUGGESTION_LIMIT = 10;

/** One sku with the totals of its batches. */
export interface SkuSummary {
  readonly sku: string;
  readonly purchased: number;
  readonly allocated: number;
  readonly available: number;
  readonly batches: number;
  /** The earliest eta of its batches still on their way; null when every batch is in the warehouse. */
  readonly nextEta: CalendarDate | null;
  /** Out-of-stock alerts of the sku still open. */
  readonly openAlerts: number;
}

export const SKU_SORT_FIELDS = [
  'sku',
  'purchased',
  'allocated',
  'available',
  'batches',
  'nextEta',
  'openAlerts',
] as const;
export type SkuSortField = (typeof SKU_SORT_FIELDS)[number];

export interface SkuListQuery extends PageRequest {
  /** Only skus containing this text (case-insensitive). */
  readonly search?: string;
  /** A sku without eta (nothing on its way) sorts after every eta when ascending. Ties by sku. */
  readonly sort: { readonly field: SkuSortField; readonly direction: SortDirection };
}

export interface AllocationViews {
  /** An order's allocations, by sku. Empty when the order has none. */
  allocationsForOrder(orderid: string): Promise<OrderAllocation[]>;
  /** Every batch of a sku: warehouse stock first, then by eta. Empty for an unknown sku. */
  stockForSku(sku: string): Promise<BatchStock[]>;
  listBatches(query: BatchListQuery): Promise<Page<BatchStock>>;
  /**
   * Batches whose reference or sku contains `text` (case-insensitive), at most `limit`: those whose
   * reference starts with it first, then by reference. What a batch field suggests as one types.
   */
  searchBatches(text: string, limit: number): Promise<BatchStock[]>;
  /** Newest first. */
  outOfStockAlerts(query: AlertQuery): Promise<Page<OutOfStockAlert>>;
  /** Every line of an order ever seen, allocated or not, by sku. Empty: the order was never seen. */
  orderLines(orderid: string): Promise<OrderLineStatus[]>;
  /** Every sku with its totals; searched, sorted and paged by the view. */
  listSkus(query: SkuListQuery): Promise<Page<SkuSummary>>;
  /**
   * Up to `SUGGESTION_LIMIT` known skus or order ids containing `text`, ignoring case: equal first,
   * then those starting with it, then the rest; alphabetical within each.
   */
  suggest(kind: SuggestionKind, text: string): Promise<string[]>;
  /**
   * Known skus or order ids close to `text`, for a lookup that found nothing: the same as `suggest`,
   * then those that look alike (trigram similarity at least `SIMILARITY_THRESHOLD`, most alike first).
   */
  closeMatches(kind: SuggestionKind, text: string): Promise<string[]>;
}

export interface DeadLetterViews {
  /** Newest first. */
  deadLetters(query: PageRequest): Promise<Page<DeadLetter>>;
}

export interface NotificationViews {
  /** The emails to the stock team with their delivery state, newest first. */
  notifications(query: PageRequest): Promise<Page<NotificationEmail>>;
}
