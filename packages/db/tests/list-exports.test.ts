import {
  Allocate,
  BATCH_SORT_FIELDS,
  type BatchListQuery,
  bootstrap,
  type CalendarDate,
  CreateBatch,
  type ListFilter,
  type Page,
  type PageRequest,
  SKU_SORT_FIELDS,
  type SkuListQuery,
} from '@allocation/domain';
import { RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from './support.ts';

/** What the list shows, page after page to the end: what an export must equal. */
async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page += 1) {
    const { items, total } = await read({ page, pageSize: 100 });
    all.push(...items);
    if (all.length >= total || items.length === 0) return all;
  }
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** Skus of one batch each: more than a cursor fetches at once and than a page of `exportsByPages`. */
const BULBS = 1_100;
const BATCHES = 1_234 + BULBS;

describe.each(BACKENDS)('list exports on %s', (backend) => {
  // Two connections: an export that leaked its connection would leave the later ones waiting.
  const backendRef = useBackend(backend, { poolSize: 2 });

  beforeAll(async () => {
    const { db } = backendRef;
    const bus = bootstrap({ uow: db.uow, clock: { now: () => new Date() }, logger: new RecordingLogger() });
    await bus.handle(CreateBatch({ ref: 'b-1', sku: 'RED-CHAIR', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'RED-CHAIR', qty: 4 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'RED-CHAIR', qty: 40 }), testOrigin); // out of stock
    // More rows than a cursor fetches at once, written straight into the read tables.
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
      SELECT 'r-' || n, CASE WHEN n % 3 = 0 THEN 'LAMP-' || (n % 7) ELSE 'SOFA-' || (n % 5) END,
             n % 50, n % 17, CASE WHEN n % 4 = 0 THEN NULL ELSE DATE '2027-01-01' + (n % 90) END
      FROM generate_series(1, 1233) AS n`;
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
      SELECT 'bulb-' || n, 'BULB-' || lpad(n::text, 4, '0'), n % 20, n % 7,
             CASE WHEN n % 5 = 0 THEN NULL ELSE DATE '2027-03-01' + (n % 60) END
      FROM generate_series(1, ${BULBS}) AS n`;
    await db.prisma.$executeRaw`
      INSERT INTO out_of_stock_alerts (sku, orderid, qty, at)
      SELECT 'SOFA-' || (n % 3), 'order-' || n, n, TIMESTAMPTZ '2026-11-01T00:00:00Z' + (n % 40) * INTERVAL '1 hour'
      FROM generate_series(1, 1100) AS n`;
  });

  const filters: ListFilter<BatchListQuery>[] = BATCH_SORT_FIELDS.flatMap((field) =>
    (['asc', 'desc'] as const).map((direction) => ({ sort: { field, direction } })),
  );
  filters.push(
    { sku: 'lamp', sort: { field: 'available', direction: 'desc' } },
    { hasStock: false, sort: { field: 'eta', direction: 'desc' } },
    {
      etaFrom: '2027-02-01' as CalendarDate,
      etaTo: '2027-02-10' as CalendarDate,
      hasStock: true,
      sort: { field: 'eta', direction: 'asc' },
    },
  );

  it('batches: every row of the list, in its order, with its filter', async () => {
    const { views, exports } = backendRef.db;
    for (const filter of filters) {
      const exported = await collect(exports.batches(filter));
      expect(exported).toEqual(await everyPage((page) => views.listBatches({ ...filter, ...page })));
    }
    expect(await collect(exports.batches({ sort: { field: 'reference', direction: 'asc' } }))).toHaveLength(
      BATCHES,
    );
  });

  const skuFilters: ListFilter<SkuListQuery>[] = SKU_SORT_FIELDS.flatMap((field) =>
    (['asc', 'desc'] as const).map((direction) => ({ sort: { field, direction } })),
  );
  skuFilters.push(
    { search: 'sofa', sort: { field: 'openAlerts', direction: 'desc' } },
    { search: 'BULB-10', sort: { field: 'nextEta', direction: 'asc' } },
  );

  it('skus: every sku of the overview, in its order, with its search', async () => {
    const { views, exports } = backendRef.db;
    for (const filter of skuFilters) {
      const exported = await collect(exports.skus(filter));
      expect(exported).toEqual(await everyPage((page) => views.listSkus({ ...filter, ...page })));
    }
    const all = await collect(exports.skus({ sort: { field: 'sku', direction: 'asc' } }));
    // RED-CHAIR, LAMP-0…6, SOFA-0…4 and the bulbs.
    expect(all).toHaveLength(1 + 7 + 5 + BULBS);
    const lamps = await collect(exports.skus({ search: 'lamp', sort: { field: 'sku', direction: 'desc' } }));
    expect(lamps.map((sku) => sku.sku)).toEqual([
      'LAMP-6',
      'LAMP-5',
      'LAMP-4',
      'LAMP-3',
      'LAMP-2',
      'LAMP-1',
      'LAMP-0',
    ]);
    expect(all.find((sku) => sku.sku === 'BULB-0001')).toEqual({
      sku: 'BULB-0001',
      purchased: 1,
      allocated: 1,
      available: 0,
      batches: 1,
      nextEta: '2027-03-02',
      openAlerts: 0,
    });
  });

  it('alerts, notifications, dead letters and activity: every row, in the list order', async () => {
    const { views, exports, deadLetters } = backendRef.db;
    await deadLetters.record({
      channel: 'change_batch_quantity',
      payload: '=cmd',
      error: 'Expected object',
      receivedAt: new Date('2026-11-01T00:00:00Z'),
    });
    expect(await collect(exports.outOfStockAlerts({}))).toEqual(
      await everyPage((page) => views.outOfStockAlerts(page)),
    );
    const red = await collect(exports.outOfStockAlerts({ sku: 'RED-CHAIR' }));
    expect(red).toMatchObject([{ sku: 'RED-CHAIR', orderid: 'o2', qty: 40 }]);
    expect(await collect(exports.notifications())).toEqual(
      await everyPage((page) => views.notifications(page)),
    );
    expect(await collect(exports.deadLetters())).toEqual(await everyPage((page) => views.deadLetters(page)));
    const activity = await collect(exports.activity({ sku: 'RED-CHAIR' }));
    expect(activity).toEqual(await everyPage((page) => views.activity({ sku: 'RED-CHAIR', ...page })));
    expect(activity.map((record) => record.command)).toEqual(['Allocate', 'Allocate', 'CreateBatch']);
  });

  it('an export stopped early gives its connection back', async () => {
    const { exports, views } = backendRef.db;
    for (let i = 0; i < 5; i += 1) {
      for await (const row of exports.batches({ sort: { field: 'sku', direction: 'asc' } })) {
        expect(row.reference).toBeTruthy();
        break;
      }
      for await (const row of exports.skus({ sort: { field: 'available', direction: 'asc' } })) {
        expect(row.sku).toBeTruthy();
        break;
      }
    }
    expect(
      (await views.listBatches({ page: 1, pageSize: 1, sort: { field: 'sku', direction: 'asc' } })).total,
    ).toBe(BATCHES);
  });
});
