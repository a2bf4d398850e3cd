import {
  Allocate,
  type AllocationBus,
  bootstrap,
  bucketFor,
  ChangeBatchQuantity,
  type Command,
  CreateBatch,
  type DashboardPeriod,
  Deallocate,
  type StockHistoryViews,
} from '@allocation/domain';
import { bootstrapWithFakes, FakeClock, type FakeSystem, testOrigin } from '@allocation/domain/testing';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/index.ts';
import { bundledMigrations } from '../src/migrations.ts';
import { createEmptyTestDatabase } from '../src/testing/index.ts';
import { BACKENDS, silentLogger, useBackend } from './support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = new Date('2026-03-01T08:30:00.000Z');

/** Commands and the time that passes after each: four days of a small warehouse. */
const story: [Command, number][] = [
  [CreateBatch({ ref: 'lamp-wh', sku: 'LAMP', qty: 20, eta: null }), 0],
  [CreateBatch({ ref: 'lamp-may', sku: 'LAMP', qty: 10, eta: '2026-05-01' }), 0],
  [CreateBatch({ ref: 'rug-wh', sku: 'RUG', qty: 100, eta: null }), HOUR],
  [Allocate({ orderid: 'o1', sku: 'LAMP', qty: 8 }), 2 * HOUR],
  [Allocate({ orderid: 'o2', sku: 'RUG', qty: 5 }), 20 * HOUR],
  [Allocate({ orderid: 'o3', sku: 'LAMP', qty: 9 }), HOUR],
  [ChangeBatchQuantity({ ref: 'lamp-wh', qty: 12 }), DAY], // o3 moves to lamp-may
  [Allocate({ orderid: 'o4', sku: 'LAMP', qty: 30 }), HOUR], // out of stock
  [Deallocate({ orderid: 'o1', sku: 'LAMP' }), DAY],
  [Allocate({ orderid: 'o5', sku: 'RUG', qty: 40 }), 0],
];

async function play(bus: AllocationBus, clock: FakeClock): Promise<void> {
  for (const [command, then] of story) {
    await bus.handle(command, testOrigin);
    clock.advance(then);
  }
}

const period = (fromHours: number, toHours: number): DashboardPeriod => {
  const from = new Date(start.getTime() + fromHours * HOUR);
  const to = new Date(start.getTime() + toHours * HOUR);
  return { from, to, bucket: bucketFor(from, to) };
};

/** Periods that cut through the story at different places, by the hour and by the day. */
const periods = [period(0, 6), period(-2, 30), period(0, 100), period(26, 80), period(50, 51)];

async function answers(views: StockHistoryViews) {
  const all = [];
  for (const p of periods) {
    all.push({
      figures: await views.dashboardFigures(p),
      lamp: await views.skuStockOverTime('LAMP', p),
      allocations: await views.allocationsOverTime(p),
      outOfStock: await views.outOfStockPerDay(p),
      runningOut: await views.runningOut(p, 10),
    });
  }
  return all;
}

describe.each(BACKENDS)('stock history on %s', (backend) => {
  const backendRef = useBackend(backend);
  let fakes: FakeSystem;

  beforeAll(async () => {
    fakes = bootstrapWithFakes();
    const fakeClock = new FakeClock(start);
    await play(bootstrap({ uow: fakes.uow, clock: fakeClock, logger: silentLogger }), fakeClock);
    const clock = new FakeClock(start);
    await play(bootstrap({ uow: backendRef.db.uow, clock, logger: silentLogger }), clock);
  });

  it('answers every dashboard question as the in-memory fake does', async () => {
    const expected = await answers(fakes.uow.stockHistory);
    expect(await answers(backendRef.db.stockHistory)).toEqual(expected);
  });

  it('keeps the stock left with each row, as the write model held it', async () => {
    const figures = await backendRef.db.stockHistory.dashboardFigures(period(0, 100));
    expect(figures).toEqual({
      skus: 2,
      purchased: 122,
      allocated: 54,
      available: 68,
      allocations: 5,
      unitsAllocated: 71,
      outOfStock: 1,
      fillRate: 5 / 6,
    });
    const lamp = await backendRef.db.stockHistory.skuStockOverTime('LAMP', period(0, 4));
    expect(lamp.map((p) => [p.bucket.toISOString(), p.batchref, p.available])).toEqual([
      ['2026-03-01T08:00:00.000Z', 'lamp-may', 10],
      ['2026-03-01T08:00:00.000Z', 'lamp-wh', 20],
      ['2026-03-01T09:00:00.000Z', 'lamp-may', 10],
      ['2026-03-01T09:00:00.000Z', 'lamp-wh', 12], // o1 took 8 at 09:30
      ['2026-03-01T10:00:00.000Z', 'lamp-may', 10],
      ['2026-03-01T10:00:00.000Z', 'lamp-wh', 12],
      ['2026-03-01T11:00:00.000Z', 'lamp-may', 10],
      ['2026-03-01T11:00:00.000Z', 'lamp-wh', 12],
      ['2026-03-01T12:00:00.000Z', 'lamp-may', 10],
      ['2026-03-01T12:00:00.000Z', 'lamp-wh', 12],
    ]);
  });
});

describe('the stock history migration', () => {
  it('starts every existing batch with a point holding its state', async () => {
    const database = await createEmptyTestDatabase();
    try {
      const all = bundledMigrations();
      const before = all.filter((m) => m.name < '20261202200000_stock_history');
      await migrate(database.url, undefined, before);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(`
          INSERT INTO products (sku, version_number) VALUES ('LAMP', 3), ('RUG', 1);
          INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
          VALUES ('lamp-1', 'LAMP', 10, 4, NULL), ('lamp-2', 'LAMP', 5, 0, '2026-05-01'),
                 ('rug-1', 'RUG', 7, 7, NULL)`);
        await migrate(database.url, undefined, all);
        const { rows } = await client.query(
          `SELECT kind, sku, batchref, qty, batch_purchased, batch_available, sku_available
           FROM stock_history ORDER BY batchref`,
        );
        expect(rows).toEqual([
          row('lamp-1', 'LAMP', 10, 6, 11),
          row('lamp-2', 'LAMP', 5, 5, 11),
          row('rug-1', 'RUG', 7, 0, 0),
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  const row = (
    batchref: string,
    sku: string,
    purchased: number,
    available: number,
    skuAvailable: number,
  ) => ({
    kind: 'start',
    sku,
    batchref,
    qty: purchased,
    batch_purchased: purchased,
    batch_available: available,
    sku_available: skuAvailable,
  });
});
