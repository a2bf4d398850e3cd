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

export interface OutOfStockAlert {
  readonly sku: string;
  readonly orderid: string;
  readonly qty: number;
  readonly at: Date;
}

export interface AlertQuery extends PageRequest {
  readonly sku?: string;
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
}

export interface DeadLetterViews {
  /** Newest first. */
  deadLetters(query: PageRequest): Promise<Page<DeadLetter>>;
}

export interface NotificationViews {
  /** The emails to the stock team with their delivery state, newest first. */
  notifications(query: PageRequest): Promise<Page<NotificationEmail>>;
}
