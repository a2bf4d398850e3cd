import { describe, expect, it } from 'vitest';
import {
  Allocate,
  batchQuantityImpact,
  ChangeBatchQuantity,
  CreateBatch,
  UnknownBatch,
} from '../../src/index.ts';
import { bootstrapWithFakes, testOrigin } from '../../src/testing/index.ts';

/** Two batches of TALL-LAMP: batch1 in the warehouse holding order1 (4) and order2 (6), batch2 due later. */
async function lampsInStock() {
  const system = bootstrapWithFakes();
  const { bus } = system;
  await bus.handle(CreateBatch({ ref: 'batch1', sku: 'TALL-LAMP', qty: 10, eta: null }), testOrigin);
  await bus.handle(CreateBatch({ ref: 'batch2', sku: 'TALL-LAMP', qty: 5, eta: '2026-01-02' }), testOrigin);
  await bus.handle(Allocate({ orderid: 'order1', sku: 'TALL-LAMP', qty: 4 }), testOrigin);
  await bus.handle(Allocate({ orderid: 'order2', sku: 'TALL-LAMP', qty: 6 }), testOrigin);
  const { uow, notifications, views } = system;
  const before = {
    commits: uow.commits,
    outbox: uow.outbox.length,
    audit: uow.auditRecords.length,
    notifications: uow.notifications.length,
    batch1: uow.products.get('TALL-LAMP')?.batch('batch1')?.purchasedQuantity,
    version: uow.products.get('TALL-LAMP')?.versionNumber,
  };
  /** Nothing of a dry run reached the store, the outbox, the audit trail, the emails or the views. */
  const untouched = async () => {
    expect(uow.commits).toBe(before.commits);
    expect(uow.outbox).toHaveLength(before.outbox);
    expect(uow.auditRecords).toHaveLength(before.audit);
    expect(uow.notifications).toHaveLength(before.notifications);
    expect(uow.products.get('TALL-LAMP')?.batch('batch1')?.purchasedQuantity).toBe(before.batch1);
    expect(uow.products.get('TALL-LAMP')?.versionNumber).toBe(before.version);
    expect(
      (await views.stockForSku('TALL-LAMP')).map((b) => [b.reference, b.purchased, b.allocated]),
    ).toEqual([
      ['batch1', 10, 10],
      ['batch2', 5, 0],
    ]);
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 10 })).items).toEqual([]);
    expect((await notifications.notifications({ page: 1, pageSize: 10 })).items).toEqual([]);
  };
  return { ...system, untouched };
}

describe('a batch quantity change, seen before it happens (a dry run)', () => {
  it('says which lines would move to which batch and which would go out of stock', async () => {
    const { bus, untouched } = await lampsInStock();
    const impact = batchQuantityImpact(await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 0 })));
    expect(impact).toEqual({
      ref: 'batch1',
      before: 10,
      after: 0,
      moves: [{ orderid: 'order1', sku: 'TALL-LAMP', qty: 4, from: 'batch1', to: 'batch2' }],
      outOfStock: [{ orderid: 'order2', sku: 'TALL-LAMP', qty: 6, from: 'batch1' }],
    });
    await untouched();
  });

  it('agrees with what the change then does', async () => {
    const { bus } = await lampsInStock();
    const preview = await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 5 }));
    const done = await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 5 }), testOrigin);
    expect(preview.result).toEqual(done);
    expect(batchQuantityImpact(preview)).toMatchObject({
      moves: [],
      outOfStock: [{ orderid: 'order2', sku: 'TALL-LAMP', qty: 6, from: 'batch1' }],
    });
  });

  it('records the out of stock through the same follow-up as the real change, without handling it', async () => {
    const { bus } = await lampsInStock();
    const { events } = await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 0 }));
    expect(events.map((e) => e.type)).toEqual([
      'BatchQuantityChanged',
      'Deallocated',
      'Deallocated',
      'Allocated',
      'OutOfStock',
    ]);
  });

  it('says nothing moves when the batch can still hold its lines', async () => {
    const { bus, untouched } = await lampsInStock();
    const impact = batchQuantityImpact(await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 12 })));
    expect(impact).toEqual({ ref: 'batch1', before: 10, after: 12, moves: [], outOfStock: [] });
    await untouched();
  });

  it('refuses an unknown batch as the change would, and records no refusal', async () => {
    const { bus, untouched } = await lampsInStock();
    await expect(bus.preview(ChangeBatchQuantity({ ref: 'nope', qty: 1 }))).rejects.toThrow(UnknownBatch);
    await untouched();
  });

  it('commits nothing: every dry run is rolled back', async () => {
    const { bus, uow, untouched } = await lampsInStock();
    const rollbacks = uow.rollbacks;
    await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 0 }));
    await bus.preview(ChangeBatchQuantity({ ref: 'batch1', qty: 0 }));
    expect(uow.rollbacks).toBe(rollbacks + 2);
    await untouched();
  });
});
