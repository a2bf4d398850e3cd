import { beforeEach, describe, expect, it } from 'vitest';
import {
  Allocate,
  bucketFor,
  ChangeBatchQuantity,
  CreateBatch,
  type DashboardPeriod,
  Deallocate,
} from '../../src/index.ts';
import { bootstrapWithFakes, type FakeSystem, testOrigin } from '../../src/testing/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the stock history', () => {
  let system: FakeSystem;
  const history = () => system.uow.stockHistory.records;
  const handle = (command: Parameters<FakeSystem['bus']['handle']>[0]) =>
    system.bus.handle(command, testOrigin);

  beforeEach(() => {
    system = bootstrapWithFakes();
  });

  it('records a batch added, with the time of the clock and the stock it brings', async () => {
    await handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }));
    expect(history()).toEqual([
      {
        at: system.clock.now(),
        kind: 'batch_added',
        sku: 'LAMP',
        batchref: 'b1',
        orderid: null,
        qty: 10,
        batchPurchased: 10,
        batchAvailable: 10,
        skuAvailable: 10,
      },
    ]);
  });

  it('records an allocation with the stock left in the batch and in the sku', async () => {
    await handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }));
    await handle(CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 5, eta: '2026-03-01' }));
    system.clock.advance(HOUR);
    await handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }));
    expect(history().at(-1)).toMatchObject({
      at: system.clock.now(),
      kind: 'allocated',
      sku: 'LAMP',
      batchref: 'b1',
      orderid: 'o1',
      qty: 3,
      batchAvailable: 7,
      skuAvailable: 12,
    });
  });

  it('records a line pushed out by a quantity change and where it went', async () => {
    await handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }));
    await handle(CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 5, eta: '2026-03-01' }));
    await handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }));
    await handle(ChangeBatchQuantity({ ref: 'b1', qty: 2 }));
    const kinds = history()
      .slice(3)
      .map((r) => [r.kind, r.batchref, r.orderid]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['quantity_changed', 'b1', null],
        ['pushed_out', 'b1', 'o1'],
        ['allocated', 'b2', 'o1'],
      ]),
    );
    expect(history().find((r) => r.kind === 'quantity_changed')).toMatchObject({ qty: 2, batchPurchased: 2 });
  });

  it('records a cancellation as deallocated and an order no batch could take as out of stock', async () => {
    await handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 5, eta: null }));
    await handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }));
    await handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }));
    await handle(Deallocate({ orderid: 'o1', sku: 'LAMP' }));
    expect(
      history()
        .slice(2)
        .map((r) => [r.kind, r.orderid, r.batchref, r.skuAvailable]),
    ).toEqual([
      ['out_of_stock', 'o2', null, 0],
      ['deallocated', 'o1', 'b1', 5],
    ]);
  });

  it('records nothing for a command that was refused', async () => {
    await expect(handle(Allocate({ orderid: 'o1', sku: 'NOPE', qty: 1 }))).rejects.toThrow('Invalid sku');
    expect(history()).toEqual([]);
  });
});

describe('the dashboard', () => {
  let system: FakeSystem;
  const handle = (command: Parameters<FakeSystem['bus']['handle']>[0]) =>
    system.bus.handle(command, testOrigin);
  const start = new Date('2026-01-01T09:00:00.000Z');
  const period = (from: Date, to: Date): DashboardPeriod => ({ from, to, bucket: bucketFor(from, to) });

  beforeEach(async () => {
    system = bootstrapWithFakes();
    await handle(CreateBatch({ ref: 'lamp-1', sku: 'LAMP', qty: 10, eta: null }));
    await handle(CreateBatch({ ref: 'rug-1', sku: 'RUG', qty: 100, eta: null }));
    system.clock.advance(HOUR);
    await handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }));
    await handle(Allocate({ orderid: 'o2', sku: 'RUG', qty: 7 }));
    system.clock.advance(DAY);
    await handle(Allocate({ orderid: 'o3', sku: 'LAMP', qty: 4 }));
    await handle(Allocate({ orderid: 'o4', sku: 'LAMP', qty: 4 }));
  });

  it('buckets a period of up to three days by the hour, longer ones by the day', () => {
    expect(bucketFor(start, new Date(start.getTime() + 3 * DAY))).toBe('hour');
    expect(bucketFor(start, new Date(start.getTime() + 3 * DAY + 1))).toBe('day');
  });

  it('gives the stock at the end of the period and what happened during it', async () => {
    const figures = await system.uow.stockHistory.dashboardFigures(
      period(start, new Date(start.getTime() + 2 * DAY)),
    );
    expect(figures).toEqual({
      skus: 2,
      purchased: 110,
      allocated: 15,
      available: 95,
      allocations: 3,
      unitsAllocated: 15,
      outOfStock: 1,
      fillRate: 0.75,
    });
  });

  it('gives the stock as it stood at the end of an earlier period', async () => {
    const figures = await system.uow.stockHistory.dashboardFigures(
      period(start, new Date(start.getTime() + 2 * HOUR)),
    );
    expect(figures).toMatchObject({
      purchased: 110,
      allocated: 11,
      available: 99,
      allocations: 2,
      outOfStock: 0,
    });
    expect(figures.fillRate).toBe(1);
  });

  it('shows a sku’s stock per batch at the end of each bucket', async () => {
    const points = await system.uow.stockHistory.skuStockOverTime(
      'LAMP',
      period(start, new Date(start.getTime() + 3 * HOUR)),
    );
    expect(points.map((p) => [p.bucket.toISOString(), p.batchref, p.available])).toEqual([
      ['2026-01-01T09:00:00.000Z', 'lamp-1', 10],
      ['2026-01-01T10:00:00.000Z', 'lamp-1', 6],
      ['2026-01-01T11:00:00.000Z', 'lamp-1', 6],
    ]);
  });

  it('counts allocations per bucket and out-of-stock events per day', async () => {
    const whole = period(start, new Date(start.getTime() + 5 * DAY));
    const allocations = await system.uow.stockHistory.allocationsOverTime(whole);
    expect(allocations.map((b) => [b.bucket.toISOString(), b.count, b.units])).toEqual([
      ['2026-01-01T00:00:00.000Z', 2, 11],
      ['2026-01-02T00:00:00.000Z', 1, 4],
    ]);
    const outOfStock = await system.uow.stockHistory.outOfStockPerDay(whole);
    expect(outOfStock.map((b) => [b.bucket.toISOString(), b.count])).toEqual([
      ['2026-01-02T00:00:00.000Z', 1],
    ]);
  });

  it('ranks the skus by the days their stock lasts at the last week’s allocation rate', async () => {
    const covers = await system.uow.stockHistory.runningOut(
      period(start, new Date(start.getTime() + 2 * DAY)),
      10,
    );
    expect(covers.map((c) => [c.sku, c.available, c.daysOfCover])).toEqual([
      ['LAMP', 2, 2 / (8 / 7)],
      ['RUG', 93, 93 / (7 / 7)],
    ]);
  });
});
