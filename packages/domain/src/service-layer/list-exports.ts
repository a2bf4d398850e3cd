/**
 * Every row of a list view, for exports: the list's filter and order, all pages, read a little at a
 * time so a million rows never sit in memory at once.
 */
import type { ActivityQuery, ActivityViews, AuditRecord } from './audit.ts';
import type { NotificationEmail } from './notifications.ts';
import type { DeadLetter } from './ports.ts';
import type {
  AlertQuery,
  AllocationViews,
  BatchListQuery,
  BatchStock,
  DeadLetterViews,
  NotificationViews,
  OutOfStockAlert,
  Page,
  PageRequest,
  SkuListQuery,
  SkuSummary,
} from './views.ts';

/** A list's query without its page: what an export is asked. */
export type ListFilter<Q extends PageRequest> = Omit<Q, keyof PageRequest>;

export interface ListExports {
  batches(filter: ListFilter<BatchListQuery>): AsyncIterable<BatchStock>;
  outOfStockAlerts(filter: ListFilter<AlertQuery>): AsyncIterable<OutOfStockAlert>;
  skus(filter: ListFilter<SkuListQuery>): AsyncIterable<SkuSummary>;
  deadLetters(): AsyncIterable<DeadLetter>;
  notifications(): AsyncIterable<NotificationEmail>;
  activity(filter: ListFilter<ActivityQuery>): AsyncIterable<AuditRecord>;
}

type PagedViews = AllocationViews & DeadLetterViews & NotificationViews & ActivityViews;

/**
 * Exports read page after page through the views themselves: the fakes' exports, and the embedded
 * database's (its one connection cannot be held by a cursor while other requests wait). Rows added
 * or removed between two pages may shift what the next page holds: a cursor (PostgreSQL) reads one
 * snapshot instead.
 */
export function exportsByPages(views: PagedViews, pageSize = 1000): ListExports {
  return {
    batches: (filter) => allPages((page) => views.listBatches({ ...filter, ...page }), pageSize),
    outOfStockAlerts: (filter) =>
      allPages((page) => views.outOfStockAlerts({ ...filter, ...page }), pageSize),
    skus: (filter) => allPages((page) => views.listSkus({ ...filter, ...page }), pageSize),
    deadLetters: () => allPages((page) => views.deadLetters(page), pageSize),
    notifications: () => allPages((page) => views.notifications(page), pageSize),
    activity: (filter) => allPages((page) => views.activity({ ...filter, ...page }), pageSize),
  };
}

async function* allPages<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  pageSize: number,
): AsyncIterable<T> {
  for (let page = 1; ; page += 1) {
    const { items } = await read({ page, pageSize });
    yield* items;
    if (items.length < pageSize) return;
  }
}
