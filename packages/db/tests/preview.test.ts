import {
  Allocate,
  batchQuantityImpact,
  bootstrap,
  ChangeBatchQuantity,
  CreateBatch,
} from '@allocation/domain';
import { RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend, wallClock } from './support.ts';

/** Everything a committed change would write: products, read tables, outbox, audit, alerts, emails. */
const SNAPSHOT = `
  SELECT json_build_object(
    'products', (SELECT json_agg(p ORDER BY sku) FROM (SELECT sku, version_number FROM products) p),
    'batches', (SELECT json_agg(b ORDER BY reference) FROM (SELECT reference, purchased_quantity FROM batches) b),
    'stock', (SELECT json_agg(s ORDER BY reference) FROM batch_stock_view s),
    'lines', (SELECT json_agg(l ORDER BY l.id) FROM allocations l),
    'allocations', (SELECT json_agg(a ORDER BY orderid, sku) FROM allocations_view a),
    'outbox', (SELECT count(*) FROM outbox),
    'audit', (SELECT count(*) FROM audit_record),
    'alerts', (SELECT count(*) FROM out_of_stock_alerts),
    'notifications', (SELECT count(*) FROM notifications)
  )::text AS state`;

describe.each(BACKENDS)('a dry run on %s', (backend) => {
  const backendRef = useBackend(backend);

  it('answers what the change would do and leaves the database as it was', async () => {
    const { db } = backendRef;
    const bus = bootstrap({ uow: db.uow, clock: wallClock, logger: new RecordingLogger() });
    await bus.handle(CreateBatch({ ref: 'p-1', sku: 'TALL-LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'p-2', sku: 'TALL-LAMP', qty: 5, eta: '2026-01-02' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'TALL-LAMP', qty: 4 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'TALL-LAMP', qty: 6 }), testOrigin);
    const before = await db.prisma.$queryRawUnsafe<{ state: string }[]>(SNAPSHOT);

    const impact = batchQuantityImpact(await bus.preview(ChangeBatchQuantity({ ref: 'p-1', qty: 0 })));

    expect(impact).toEqual({
      ref: 'p-1',
      before: 10,
      after: 0,
      moves: [{ orderid: 'o1', sku: 'TALL-LAMP', qty: 4, from: 'p-1', to: 'p-2' }],
      outOfStock: [{ orderid: 'o2', sku: 'TALL-LAMP', qty: 6, from: 'p-1' }],
    });
    expect(await db.prisma.$queryRawUnsafe<{ state: string }[]>(SNAPSHOT)).toEqual(before);
  });
});
