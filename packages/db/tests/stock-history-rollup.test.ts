import {
  bucketFor,
  type DashboardPeriod,
  type HistoryRecord,
  type StockHistoryViews,
} from '@allocation/domain';
import { FakeStockHistory } from '@allocation/domain/testing';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqlStockHistoryViews } from '../src/stock-history.ts';
import { BACKENDS, type Backend, useBackend } from './support.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const base = Date.parse('2026-03-01T00:00:00.000Z');
/** The story's events fall in these five days; periods reach a little beyond them. */
const SPAN = 5 * DAY;

/** A seeded generator (mulberry32), so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Kind = HistoryRecord['kind'];
const OTHER_KINDS: readonly Kind[] = ['batch_added', 'quantity_changed', 'pushed_out', 'deallocated'];

function randomRecords(random: () => number, count: number, from: number, span: number): HistoryRecord[] {
  return Array.from({ length: count }, () => {
    const r = random();
    const kind: Kind =
      r < 0.5 ? 'allocated' : r < 0.7 ? 'out_of_stock' : (OTHER_KINDS[Math.floor(random() * 4)] as Kind);
    return record(new Date(from + Math.floor(random() * span)), kind, 1 + Math.floor(random() * 20));
  });
}

const record = (at: Date, kind: Kind, qty: number): HistoryRecord => ({
  at,
  kind,
  sku: 'LAMP',
  batchref: null,
  orderid: null,
  qty,
  batchPurchased: null,
  batchAvailable: null,
  skuAvailable: 0,
});

/**
 * Periods of every shape the dashboard can ask: inside one hour, a few hours, days; starting and
 * ending mid-hour (to the millisecond) or on the hour.
 */
function randomPeriods(random: () => number, count: number): DashboardPeriod[] {
  const periods: DashboardPeriod[] = [];
  for (let i = 0; i < count; i++) {
    const onTheHour = i % 5 === 0;
    const start = base - HOUR + random() * (SPAN + HOUR);
    const from = onTheHour ? Math.floor(start / HOUR) * HOUR : Math.floor(start);
    const length = [20 * MINUTE, 5 * HOUR, 2 * DAY, SPAN][i % 4] as number;
    const to =
      from + (onTheHour ? Math.ceil((random() * length) / HOUR) * HOUR : 1 + Math.floor(random() * length));
    periods.push({ from: new Date(from), to: new Date(to), bucket: bucketFor(new Date(from), new Date(to)) });
  }
  return periods;
}

/** What the roll-up may change: the counts of events (the stock part reads the batch view). */
async function counts(views: StockHistoryViews, period: DashboardPeriod) {
  const { allocations, unitsAllocated, outOfStock, fillRate } = await views.dashboardFigures(period);
  return {
    figures: { allocations, unitsAllocated, outOfStock, fillRate },
    allocations: await views.allocationsOverTime(period),
    outOfStock: await views.outOfStockPerDay(period),
  };
}

describe.each(BACKENDS)('the hourly roll-up of the stock history on %s', (backend: Backend) => {
  const backendRef = useBackend(backend);
  const random = seeded(20261202);
  const raw = new FakeStockHistory();
  /** Small chunks at every query: the queries meet the roll-up part way through. */
  let views: SqlStockHistoryViews;

  beforeAll(() => {
    views = new SqlStockHistoryViews(backendRef.db.prisma, { chunk: 37, every: 0 });
  });

  async function append(records: readonly HistoryRecord[]): Promise<void> {
    await backendRef.db.prisma.$executeRaw`
      INSERT INTO stock_history (at, kind, sku, qty, sku_available)
      SELECT at, kind, 'LAMP', qty, 0
      FROM unnest(${records.map((r) => r.at.toISOString())}::timestamptz[],
                  ${records.map((r) => r.kind)}::varchar[], ${records.map((r) => r.qty)}::int[]) AS r(at, kind, qty)`;
    raw.records.push(...records);
  }

  async function expectTheRawAnswers(periods = randomPeriods(random, 24)): Promise<void> {
    for (const period of periods) {
      expect(
        await counts(views, period),
        `${period.from.toISOString()} – ${period.to.toISOString()}`,
      ).toEqual(await counts(raw, period));
    }
  }

  const unseen = async () =>
    (
      await backendRef.db.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM stock_history_unseen ORDER BY id`
    ).map((row) => row.id);

  it('answers as the raw rows do while it catches up, chunk by chunk, and after', async () => {
    await append(randomRecords(random, 600, base, SPAN));
    await expectTheRawAnswers();
    await views.rollup.catchUpAll();
    await expectTheRawAnswers();
  });

  it('holds per hour and kind exactly the events and units of the raw rows once caught up', async () => {
    await views.rollup.catchUpAll();
    const hourly = await backendRef.db.prisma.$queryRaw<unknown[]>`
      SELECT kind, hour, events, units FROM stock_history_hourly ORDER BY kind, hour`;
    const fromRaw = await backendRef.db.prisma.$queryRaw<unknown[]>`
      SELECT kind, date_trunc('hour', at, 'UTC') AS hour, count(*)::int AS events, sum(qty)::bigint AS units
      FROM stock_history GROUP BY 1, 2 ORDER BY 1, 2`;
    expect(hourly.length).toBeGreaterThan(100);
    expect(hourly).toEqual(fromRaw);
  });

  it('counts rows written late into hours it already rolled up', async () => {
    await views.rollup.catchUpAll();
    await append(randomRecords(random, 150, base, SPAN));
    await expectTheRawAnswers();
    await views.rollup.catchUpAll();
    await expectTheRawAnswers();
  });

  it('notes the id of a rolled-back row, counts nothing for it, and forgets it once it cannot appear', async () => {
    const rolledBack = new Error('rolled back on purpose');
    await expect(
      backendRef.db.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`
          INSERT INTO stock_history (at, kind, sku, qty, sku_available)
          VALUES (${new Date(base + DAY + 30 * MINUTE)}, 'allocated', 'LAMP', 7, 0)`;
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    await append([record(new Date(base + DAY + 40 * MINUTE), 'allocated', 3)]);
    await views.rollup.catchUpAll();
    expect(await unseen()).toHaveLength(1);
    await expectTheRawAnswers();

    await views.rollup.catchUpAll();
    expect(await unseen(), 'kept for a minute after it was noted').toHaveLength(1);
    await backendRef.db.prisma.$executeRaw`
      UPDATE stock_history_unseen SET noted_at = noted_at - interval '2 minutes'`;
    await views.rollup.catchUpAll();
    expect(await unseen()).toEqual([]);
    await expectTheRawAnswers();
  });

  /** Runs `work` while another session holds the roll-up's progress row, so no catch-up happens. */
  async function whileAnotherCatchUpRuns(work: () => Promise<void>): Promise<void> {
    const other = new pg.Client({ connectionString: backendRef.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM stock_history_rollup FOR UPDATE');
      await work();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  }

  // Two transactions at once need two sessions: PGlite has one.
  it.runIf(backend === 'postgres')(
    'answers as the raw rows do while another session catches up',
    async () => {
      await append(randomRecords(random, 200, base, SPAN));
      const before = await views.rollup.catchUp();
      await whileAnotherCatchUpRuns(async () => {
        await expectTheRawAnswers();
        expect((await views.rollup.catchUp()).rolledThrough, 'no catch-up').toBe(before.rolledThrough);
      });
    },
  );

  it.runIf(backend === 'postgres')(
    'counts a row once when its transaction commits after the roll-up passed its id',
    async () => {
      await views.rollup.catchUpAll();
      const writer = new pg.Client({ connectionString: backendRef.db.url });
      await writer.connect();
      try {
        const late = record(new Date(base + 2 * DAY + 10 * MINUTE), 'allocated', 11);
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO stock_history (at, kind, sku, qty, sku_available) VALUES ($1, $2, 'LAMP', $3, 0)`,
          [late.at, late.kind, late.qty],
        );
        await append(randomRecords(random, 20, base + 2 * DAY, HOUR));
        await views.rollup.catchUpAll();
        expect(await unseen()).toHaveLength(1);
        await backendRef.db.prisma.$executeRaw`
          UPDATE stock_history_unseen SET noted_at = noted_at - interval '2 minutes'`;
        await views.rollup.catchUpAll();
        expect(await unseen(), 'kept while its transaction may still commit').toHaveLength(1);
        await expectTheRawAnswers();

        await writer.query('COMMIT');
        raw.records.push(late);
        await whileAnotherCatchUpRuns(() => expectTheRawAnswers());
        expect(await unseen(), 'not caught up: read from the raw row').toHaveLength(1);
        await views.rollup.catchUpAll();
        expect(await unseen()).toEqual([]);
        await expectTheRawAnswers();
      } finally {
        await writer.end();
      }
    },
  );
});
