import { beforeEach, describe, expect, it } from 'vitest';
import {
  Allocate,
  ChangeBatchQuantity,
  CreateBatch,
  Deallocate,
  trigramSimilarity,
} from '../../src/index.ts';
import { bootstrapWithFakes, type FakeSystem, testOrigin } from '../../src/testing/index.ts';

const MINUTE = 60_000;
const firstPage = { page: 1, pageSize: 10 } as const;

describe('out-of-stock alerts have a state', () => {
  let system: FakeSystem;
  beforeEach(async () => {
    system = bootstrapWithFakes();
    await system.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 2, eta: null }), testOrigin);
    await system.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }), testOrigin);
  });
  const alerts = (state?: 'open' | 'resolved') =>
    system.views.outOfStockAlerts({ ...firstPage, ...(state ? { state } : {}) }).then((p) => p.items);

  it('a line no batch could take is an open alert', async () => {
    expect(await alerts()).toEqual([
      { sku: 'LAMP', orderid: 'o1', qty: 5, at: system.clock.now(), state: 'open', resolvedAt: null },
    ]);
    expect(await alerts('resolved')).toEqual([]);
  });

  it('is resolved, with when, once the line is allocated after all', async () => {
    const raisedAt = system.clock.now();
    system.clock.advance(5 * MINUTE);
    await system.bus.handle(CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await system.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }), testOrigin);
    expect(await alerts('resolved')).toEqual([
      { sku: 'LAMP', orderid: 'o1', qty: 5, at: raisedAt, state: 'resolved', resolvedAt: system.clock.now() },
    ]);
    expect(await alerts('open')).toEqual([]);
  });

  it('a retry that finds stock allocates the line and resolves the alert', async () => {
    await system.bus.handle(ChangeBatchQuantity({ ref: 'b1', qty: 5 }), testOrigin);
    const [alert] = await alerts('open');
    if (!alert) throw new Error('expected an open alert');
    const outcome = await system.bus.handle(
      Allocate({ orderid: alert.orderid, sku: alert.sku, qty: alert.qty }),
      testOrigin,
    );
    expect(outcome).toEqual({ status: 'allocated', batchref: 'b1', alreadyAllocated: false });
    expect(await alerts('open')).toEqual([]);
    expect((await system.views.orderLines('o1')).map((l) => l.state)).toEqual(['allocated']);
  });

  it('a retry still out of stock leaves the alert open and records the new attempt', async () => {
    const [alert] = await alerts('open');
    if (!alert) throw new Error('expected an open alert');
    system.clock.advance(MINUTE);
    const outcome = await system.bus.handle(
      Allocate({ orderid: alert.orderid, sku: alert.sku, qty: alert.qty }),
      testOrigin,
    );
    expect(outcome).toEqual({ status: 'out_of_stock' });
    expect((await alerts('open')).map((a) => a.at)).toEqual([system.clock.now(), alert.at]);
    expect(await alerts('resolved')).toEqual([]);
  });
});

describe('the lines of an order, allocated or not', () => {
  let system: FakeSystem;
  beforeEach(async () => {
    system = bootstrapWithFakes();
    const { bus } = system;
    await bus.handle(CreateBatch({ ref: 'b-lamp', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b-rug', sku: 'RUG', qty: 1, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b-sofa', sku: 'SOFA', qty: 4, eta: null }), testOrigin);
  });

  it('lists allocated, out-of-stock and cancelled lines, each with when', async () => {
    const { bus, clock, views } = system;
    const start = clock.now();
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }), testOrigin);
    clock.advance(MINUTE);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'RUG', qty: 2 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'SOFA', qty: 1 }), testOrigin);
    clock.advance(MINUTE);
    await bus.handle(Deallocate({ orderid: 'o1', sku: 'SOFA' }), testOrigin);
    expect(await views.orderLines('o1')).toEqual([
      { sku: 'LAMP', qty: 3, state: 'allocated', batchref: 'b-lamp', at: start },
      { sku: 'RUG', qty: 2, state: 'out_of_stock', batchref: null, at: new Date(start.getTime() + MINUTE) },
      { sku: 'SOFA', qty: 1, state: 'cancelled', batchref: null, at: clock.now() },
    ]);
    // The book's view still lists the allocated lines only.
    expect(await views.allocationsForOrder('o1')).toEqual([{ sku: 'LAMP', qty: 3, batchref: 'b-lamp' }]);
  });

  it('an order never seen has no lines; one whose lines all left still has them', async () => {
    const { bus, views } = system;
    await bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }), testOrigin);
    await bus.handle(Deallocate({ orderid: 'o2', sku: 'LAMP' }), testOrigin);
    expect(await views.orderLines('never')).toEqual([]);
    expect((await views.orderLines('o2')).map((l) => l.state)).toEqual(['cancelled']);
    expect(await views.allocationsForOrder('o2')).toEqual([]);
  });

  it('a line a quantity change pushes out is out of stock, or allocated to its new batch', async () => {
    const { bus, views } = system;
    await bus.handle(CreateBatch({ ref: 'b-lamp-2', sku: 'LAMP', qty: 2, eta: '2026-03-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o3', sku: 'LAMP', qty: 2 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o4', sku: 'LAMP', qty: 8 }), testOrigin);
    await bus.handle(ChangeBatchQuantity({ ref: 'b-lamp', qty: 2 }), testOrigin);
    expect(await views.orderLines('o4')).toMatchObject([
      { sku: 'LAMP', state: 'out_of_stock', batchref: null },
    ]);
    await bus.handle(ChangeBatchQuantity({ ref: 'b-lamp', qty: 0 }), testOrigin);
    expect(await views.orderLines('o3')).toMatchObject([
      { sku: 'LAMP', state: 'allocated', batchref: 'b-lamp-2' },
    ]);
  });
});

describe('suggestions and close matches', () => {
  let system: FakeSystem;
  beforeEach(async () => {
    system = bootstrapWithFakes();
    const skus = ['LAMP-SHADE', 'ELEGANT-LAMP', 'lamp', 'FLOOR-LAMP', 'LAMPREY', 'RUG', 'ELEGANT-LAMB'];
    for (const [index, sku] of skus.entries()) {
      await system.bus.handle(CreateBatch({ ref: `b${index}`, sku, qty: 5, eta: null }), testOrigin);
    }
    await system.bus.handle(Allocate({ orderid: 'order-1042', sku: 'RUG', qty: 1 }), testOrigin);
    await system.bus.handle(Allocate({ orderid: 'ORDER-7', sku: 'RUG', qty: 9 }), testOrigin);
  });

  it('suggest: equal ignoring case first, then starting with the text, then containing it', async () => {
    expect(await system.views.suggest('sku', 'Lamp')).toEqual([
      'lamp',
      'LAMP-SHADE',
      'LAMPREY',
      'ELEGANT-LAMP',
      'FLOOR-LAMP',
    ]);
    expect(await system.views.suggest('sku', 'zzz')).toEqual([]);
  });

  it('suggest orders from every line seen, out-of-stock ones too', async () => {
    expect(await system.views.suggest('order', 'order')).toEqual(['ORDER-7', 'order-1042']);
  });

  it('at most ten suggestions', async () => {
    for (let i = 0; i < 12; i++) {
      await system.bus.handle(CreateBatch({ ref: `x${i}`, sku: `X-${i}`, qty: 1, eta: null }), testOrigin);
    }
    expect(await system.views.suggest('sku', 'x-')).toHaveLength(10);
  });

  it('close matches: the same name in other case first, then similar names', async () => {
    expect(await system.views.closeMatches('sku', 'elegant-lamp')).toEqual([
      'ELEGANT-LAMP',
      'ELEGANT-LAMB',
      'lamp',
    ]);
    expect(await system.views.closeMatches('sku', 'ELEGNT-LAMP')).toEqual([
      'ELEGANT-LAMP',
      'ELEGANT-LAMB',
      'lamp',
    ]);
    expect(await system.views.closeMatches('order', 'order-1024')).toEqual(['order-1042', 'ORDER-7']);
    expect(await system.views.closeMatches('sku', '')).toEqual([]);
  });

  it('similarity is pg_trgm’s: shared trigrams of padded lower-case words', () => {
    expect(trigramSimilarity('word', 'WORD')).toBe(1);
    // "  a", " ab", "ab " vs "  a", " ac", "ac ": 1 shared of 5.
    expect(trigramSimilarity('ab', 'ac')).toBeCloseTo(1 / 5);
    expect(trigramSimilarity('', 'x')).toBe(0);
  });
});

describe('the sku overview', () => {
  let system: FakeSystem;
  beforeEach(async () => {
    system = bootstrapWithFakes();
    const { bus } = system;
    await bus.handle(CreateBatch({ ref: 'l1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'l2', sku: 'LAMP', qty: 5, eta: '2026-03-01' }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'l3', sku: 'LAMP', qty: 5, eta: '2026-02-01' }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'r1', sku: 'RUG', qty: 1, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 's1', sku: 'SOFA', qty: 3, eta: '2026-05-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'RUG', qty: 2 }), testOrigin);
  });
  const list = (query: Partial<Parameters<FakeSystem['views']['listSkus']>[0]>) =>
    system.views.listSkus({ ...firstPage, sort: { field: 'sku', direction: 'asc' }, ...query });

  it('totals each sku: purchased, allocated, available, batches, next eta, open alerts', async () => {
    expect((await list({})).items).toEqual([
      {
        sku: 'LAMP',
        purchased: 20,
        allocated: 4,
        available: 16,
        batches: 3,
        nextEta: '2026-02-01',
        openAlerts: 0,
      },
      { sku: 'RUG', purchased: 1, allocated: 0, available: 1, batches: 1, nextEta: null, openAlerts: 1 },
      {
        sku: 'SOFA',
        purchased: 3,
        allocated: 0,
        available: 3,
        batches: 1,
        nextEta: '2026-05-01',
        openAlerts: 0,
      },
    ]);
  });

  it('searches ignoring case, sorts (no eta last ascending) and pages', async () => {
    expect((await list({ search: 'a' })).items.map((s) => s.sku)).toEqual(['LAMP', 'SOFA']);
    const byEta = await list({ sort: { field: 'nextEta', direction: 'asc' } });
    expect(byEta.items.map((s) => s.sku)).toEqual(['LAMP', 'SOFA', 'RUG']);
    const byEtaDesc = await list({ sort: { field: 'nextEta', direction: 'desc' } });
    expect(byEtaDesc.items.map((s) => s.sku)).toEqual(['RUG', 'SOFA', 'LAMP']);
    const page2 = await list({ page: 2, pageSize: 2, sort: { field: 'available', direction: 'desc' } });
    expect(page2).toMatchObject({ total: 3, items: [{ sku: 'RUG' }] });
  });
});
