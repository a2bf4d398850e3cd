/**
 * The read side: each view is one query on the read tables (never the aggregate's tables), with
 * the same filter, sort and paging semantics as the domain's FakeReadModel. The lists' SQL lives in
 * list-sql.ts, shared with the exports.
 */
import type {
  ActivityQuery,
  ActivityViews,
  AlertQuery,
  AllocationViews,
  AuditRecord,
  BatchListQuery,
  BatchStock,
  DeadLetter,
  DeadLetterViews,
  NotificationEmail,
  NotificationViews,
  OrderAllocation,
  OutOfStockAlert,
  Page,
  PageRequest,
} from '@allocation/domain';
import type { PrismaClient } from './generated/prisma/client.ts';
import { type BatchStockRow, escapeLike, LIST_SQL, type ListSql, toBatchStock } from './list-sql.ts';

export class SqlViews implements AllocationViews, DeadLetterViews, NotificationViews, ActivityViews {
  constructor(private readonly prisma: PrismaClient) {}

  async allocationsForOrder(orderid: string): Promise<OrderAllocation[]> {
    const rows = await this.prisma.allocationView.findMany({
      where: { orderid, batchref: { not: null } },
      select: { sku: true, qty: true, batchref: true },
      orderBy: { sku: 'asc' },
    });
    // Rows without batch are lines that left it (see SqlReadModelWriter).
    return rows.flatMap(({ sku, qty, batchref }) =>
      batchref !== null && qty !== null ? [{ sku, qty, batchref }] : [],
    );
  }

  async stockForSku(sku: string): Promise<BatchStock[]> {
    const rows = await this.prisma.$queryRaw<BatchStockRow[]>`
      SELECT reference, sku, purchased, allocated, available, to_char(eta, 'YYYY-MM-DD') AS eta
      FROM batch_stock_view WHERE sku = ${sku}
      ORDER BY eta ASC NULLS FIRST, reference ASC`;
    return rows.map(toBatchStock);
  }

  listBatches(query: BatchListQuery): Promise<Page<BatchStock>> {
    return this.#page(query, LIST_SQL.batches(query));
  }

  async searchBatches(text: string, limit: number): Promise<BatchStock[]> {
    const pattern = escapeLike(text.toLowerCase());
    const rows = await this.prisma.$queryRaw<BatchStockRow[]>`
      SELECT reference, sku, purchased, allocated, available, to_char(eta, 'YYYY-MM-DD') AS eta
      FROM batch_stock_view
      WHERE lower(reference) LIKE ${`%${pattern}%`} OR lower(sku) LIKE ${`%${pattern}%`}
      ORDER BY (lower(reference) LIKE ${`${pattern}%`}) DESC, reference ASC
      LIMIT ${limit}`;
    return rows.map(toBatchStock);
  }

  outOfStockAlerts(query: AlertQuery): Promise<Page<OutOfStockAlert>> {
    return this.#page(query, LIST_SQL.outOfStockAlerts(query));
  }

  deadLetters(query: PageRequest): Promise<Page<DeadLetter>> {
    return this.#page(query, LIST_SQL.deadLetters());
  }

  notifications(query: PageRequest): Promise<Page<NotificationEmail>> {
    return this.#page(query, LIST_SQL.notifications());
  }

  activity(query: ActivityQuery): Promise<Page<AuditRecord>> {
    return this.#page(query, LIST_SQL.activity(query));
  }

  /** `count(*) OVER ()` gives the total with the page; only a page past the end needs a second query. */
  async #page<R, T>({ page, pageSize }: PageRequest, list: ListSql<R, T>): Promise<Page<T>> {
    const offset = (page - 1) * pageSize;
    const found = await this.prisma.$queryRaw<(R & { total: number })[]>`
      SELECT ${list.columns}, count(*) OVER ()::int AS total FROM ${list.from} ${list.where}
      ORDER BY ${list.orderBy} LIMIT ${pageSize} OFFSET ${offset}`;
    const total =
      found[0]?.total ??
      (offset > 0
        ? ((
            await this.prisma.$queryRaw<{ total: number }[]>`
              SELECT count(*)::int AS total FROM ${list.from} ${list.where}`
          )[0]?.total ?? 0)
        : 0);
    return { items: found.map((row) => list.map(row)), total, page, pageSize };
  }
}
