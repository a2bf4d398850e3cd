import {
  ALLOCATION_RATE_DAYS,
  type BatchStockPoint,
  type BucketCount,
  type DashboardFigures,
  type DashboardPeriod,
  type HistoryEntry,
  type HistoryKind,
  type SkuCover,
  type StockHistoryViews,
  type StockHistoryWriter,
} from '@allocation/domain';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import type { Statement } from './read-model.ts';
import { eventsDuring, type RollupOptions, StockHistoryRollup } from './stock-history-rollup.ts';

/**
 * One history row, with the stock left read from the write model in the same statement: the
 * handler runs after the command committed, so this is the stock as it stood when the row was written.
 */
const APPEND = `
  INSERT INTO stock_history (at, kind, sku, batchref, orderid, qty, batch_purchased, batch_available,
    sku_available)
  SELECT $1::timestamptz, $2::varchar, $3::varchar, $4::varchar, $5::varchar, $6::int,
    b.purchased_quantity, b.purchased_quantity - b.allocated_quantity,
    coalesce((SELECT sum(purchased_quantity - allocated_quantity) FROM batches WHERE sku = $3::varchar), 0)
  FROM (SELECT 1) AS one LEFT JOIN batches b ON b.reference = $4::varchar`;

/** The unit of work's history rows, inserted when it commits (none if it rolls back). */
export class SqlStockHistory implements StockHistoryWriter {
  readonly pending: Statement[] = [];

  async record(entry: HistoryEntry): Promise<void> {
    this.pending.push({
      text: APPEND,
      values: [entry.at, entry.kind, entry.sku, entry.batchref, entry.orderid, entry.qty],
      name: 'stock_history_append',
    });
  }
}

const STEP: Record<DashboardPeriod['bucket'], Prisma.Sql> = {
  hour: Prisma.sql`interval '1 hour'`,
  day: Prisma.sql`interval '1 day'`,
};

interface FiguresRow {
  skus: number;
  purchased: number;
  available: number;
  allocations: number;
  units: number;
  out_of_stock: number;
}

/**
 * The dashboard's questions, each one query that buckets in SQL (UTC). "The stock at a moment" is
 * each batch's (or sku's) latest row before it, found through the (batchref|sku, at DESC) indexes.
 * Counts of events read the hourly roll-up, caught up first (stock-history-rollup.ts).
 */
export class SqlStockHistoryViews implements StockHistoryViews {
  readonly rollup: StockHistoryRollup;

  constructor(
    private readonly prisma: PrismaClient,
    rollup: RollupOptions = {},
  ) {
    this.rollup = new StockHistoryRollup(prisma, rollup);
  }

  async dashboardFigures(period: DashboardPeriod): Promise<DashboardFigures> {
    const events = eventsDuring(['allocated', 'out_of_stock'], period, await this.rollup.beforeQuery());
    const [row] = await this.prisma.$queryRaw<FiguresRow[]>`
      WITH stock AS (
        SELECT b.sku, h.batch_purchased, h.batch_available
        FROM batch_stock_view b
        CROSS JOIN LATERAL (
          SELECT batch_purchased, batch_available FROM stock_history
          WHERE batchref = b.reference AND at < ${period.to}
          ORDER BY at DESC, id DESC LIMIT 1) h
      ), activity AS (
        SELECT coalesce(sum(events) FILTER (WHERE kind = 'allocated'), 0) AS allocations,
               coalesce(sum(units) FILTER (WHERE kind = 'allocated'), 0) AS units,
               coalesce(sum(events) FILTER (WHERE kind = 'out_of_stock'), 0) AS out_of_stock
        FROM (${events}) e
      )
      SELECT (SELECT count(DISTINCT sku) FROM stock)::int AS skus,
             (SELECT coalesce(sum(batch_purchased), 0) FROM stock)::int AS purchased,
             (SELECT coalesce(sum(batch_available), 0) FROM stock)::int AS available,
             allocations::int, units::int, out_of_stock::int
      FROM activity`;
    const figures = row ?? { skus: 0, purchased: 0, available: 0, allocations: 0, units: 0, out_of_stock: 0 };
    const asked = figures.allocations + figures.out_of_stock;
    return {
      skus: figures.skus,
      purchased: figures.purchased,
      allocated: figures.purchased - figures.available,
      available: figures.available,
      allocations: figures.allocations,
      unitsAllocated: figures.units,
      outOfStock: figures.out_of_stock,
      fillRate: asked === 0 ? null : figures.allocations / asked,
    };
  }

  async skuStockOverTime(sku: string, period: DashboardPeriod): Promise<BatchStockPoint[]> {
    const step = STEP[period.bucket];
    return this.prisma.$queryRaw<BatchStockPoint[]>`
      WITH buckets AS (
        SELECT start FROM generate_series(
          date_trunc(${period.bucket}, ${period.from}::timestamptz, 'UTC'), ${period.to}::timestamptz, ${step}
        ) AS start
        WHERE start < ${period.to}
      ), batches AS (
        SELECT reference FROM batch_stock_view b
        WHERE b.sku = ${sku}
          AND EXISTS (SELECT 1 FROM stock_history h WHERE h.batchref = b.reference AND h.at < ${period.to})
      )
      SELECT k.start AS bucket, b.reference AS batchref, coalesce(h.batch_available, 0)::int AS available
      FROM buckets k CROSS JOIN batches b
      LEFT JOIN LATERAL (
        SELECT batch_available FROM stock_history
        WHERE batchref = b.reference AND at < least(k.start + ${step}, ${period.to}::timestamptz)
        ORDER BY at DESC, id DESC LIMIT 1) h ON true
      ORDER BY k.start, b.reference`;
  }

  async allocationsOverTime(period: DashboardPeriod): Promise<BucketCount[]> {
    return this.#countPerBucket('allocated', period.bucket, period);
  }

  async outOfStockPerDay(period: DashboardPeriod): Promise<BucketCount[]> {
    return this.#countPerBucket('out_of_stock', 'day', period);
  }

  async runningOut(period: DashboardPeriod, limit: number): Promise<SkuCover[]> {
    const rows = await this.prisma.$queryRaw<SkuCover[]>`
      WITH rate AS (
        SELECT sku, sum(qty)::float8 / ${ALLOCATION_RATE_DAYS} AS per_day
        FROM stock_history
        WHERE kind = 'allocated' AND at < ${period.to}
          AND at >= ${period.to}::timestamptz - make_interval(days => ${ALLOCATION_RATE_DAYS})
        GROUP BY sku
      )
      SELECT r.sku, coalesce(h.sku_available, 0) AS available, r.per_day AS "allocatedPerDay",
             coalesce(h.sku_available, 0) / r.per_day AS "daysOfCover"
      FROM rate r
      LEFT JOIN LATERAL (
        SELECT sku_available FROM stock_history
        WHERE sku = r.sku AND at < ${period.to} ORDER BY at DESC, id DESC LIMIT 1) h ON true
      ORDER BY "daysOfCover" ASC, r.sku ASC
      LIMIT ${limit}`;
    return rows.map((row) => ({ ...row, available: Number(row.available) }));
  }

  async #countPerBucket(kind: HistoryKind, bucket: DashboardPeriod['bucket'], period: DashboardPeriod) {
    const events = eventsDuring([kind], period, await this.rollup.beforeQuery());
    return this.prisma.$queryRaw<BucketCount[]>`
      SELECT date_trunc(${bucket}, at, 'UTC') AS bucket, sum(events)::int AS count, sum(units)::int AS units
      FROM (${events}) e
      GROUP BY 1 ORDER BY 1`;
  }
}
