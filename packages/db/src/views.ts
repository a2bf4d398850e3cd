/**
 * The read side: each view is one query on the read tables (never the aggregate's tables), with
 * the same filter, sort and paging semantics as the domain's FakeReadModel. The lists' SQL lives in
 * list-sql.ts, shared with the exports.
 */
import {
  type ActivityQuery,
  type ActivityViews,
  type AlertQuery,
  type AllocationViews,
  type AuditRecord,
  type BatchListQuery,
  type BatchStock,
  type DeadLetter,
  type DeadLetterViews,
  type NotificationEmail,
  type NotificationViews,
  type OrderAllocation,
  type OrderLineState,
  type OrderLineStatus,
  type OutOfStockAlert,
  type Page,
  type PageRequest,
  SIMILARITY_THRESHOLD,
  type SkuListQuery,
  type SkuSummary,
  SUGGESTION_LIMIT,
  type SuggestionKind,
} from '@allocation/domain';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { type BatchStockRow, escapeLike, LIST_SQL, type ListSql, toBatchStock } from './list-sql.ts';

/** Where the names of each kind live: the skus of the batches, the orders of the lines seen. */
const NAMES: Record<SuggestionKind, { table: Prisma.Sql; column: Prisma.Sql }> = {
  sku: { table: Prisma.raw('batch_stock_view'), column: Prisma.raw('sku') },
  order: { table: Prisma.raw('allocations_view'), column: Prisma.raw('orderid') },
};

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

  async orderLines(orderid: string): Promise<OrderLineStatus[]> {
    const rows = await this.prisma.$queryRaw<
      { sku: string; qty: number | null; state: OrderLineState; batchref: string | null; at: Date | null }[]
    >`SELECT sku, qty, state, batchref, state_at AS at FROM allocations_view
      WHERE orderid = ${orderid} ORDER BY sku`;
    return rows.map(({ sku, qty, state, batchref, at }) => ({ sku, qty, state, batchref, at }));
  }

  /** Every sku with its totals; searched, sorted and paged here. */
  listSkus(query: SkuListQuery): Promise<Page<SkuSummary>> {
    return this.#page(query, LIST_SQL.skus(query));
  }

  async suggest(kind: SuggestionKind, text: string): Promise<string[]> {
    const { table, column } = NAMES[kind];
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM (SELECT DISTINCT ${column} AS name FROM ${table}
                        WHERE ${column} ILIKE ${`%${escapeLike(text)}%`}) n
      ORDER BY ${matchRank(text)}, name LIMIT ${SUGGESTION_LIMIT}`;
    return rows.map((row) => row.name);
  }

  async closeMatches(kind: SuggestionKind, text: string): Promise<string[]> {
    if (text.trim() === '') return [];
    const { table, column } = NAMES[kind];
    // `%` (similarity at least pg_trgm's threshold, 0.3 by default) lets the trigram index find them;
    // the threshold is then applied as the domain states it.
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM (
        SELECT name, ${matchRank(text)} AS rank, similarity(name, ${text}) AS likeness
        FROM (SELECT DISTINCT ${column} AS name FROM ${table}
              WHERE ${column} ILIKE ${`%${escapeLike(text)}%`} OR ${column} % ${text}) n
      ) r
      WHERE rank < 3 OR likeness >= ${SIMILARITY_THRESHOLD}
      ORDER BY rank, CASE WHEN rank = 3 THEN likeness ELSE 0 END DESC, name LIMIT ${SUGGESTION_LIMIT}`;
    return rows.map((row) => row.name);
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

/** The domain's `matchRank` of the column `name`: 0 equal ignoring case, 1 starts with, 2 contains, 3 neither. */
function matchRank(text: string): Prisma.Sql {
  const lower = text.toLowerCase();
  return Prisma.sql`CASE WHEN lower(name) = ${lower} THEN 0
    WHEN lower(name) LIKE ${`${escapeLike(lower)}%`} THEN 1
    WHEN lower(name) LIKE ${`%${escapeLike(lower)}%`} THEN 2 ELSE 3 END`;
}
