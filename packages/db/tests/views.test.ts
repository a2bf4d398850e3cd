import {
  Allocate,
  BATCH_SORT_FIELDS,
  type BatchListQuery,
  bootstrap,
  type CalendarDate,
  ChangeBatchQuantity,
  type Command,
  CreateBatch,
  Deallocate,
} from '@allocation/domain';
import { bootstrapWithFakes, FakeDeadLetters, RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from './support.ts';

const day = (d: string) => d as CalendarDate;

/** One history of commands, handled by the bus on the fakes and on the database. */
const history: Command[] = [
  CreateBatch({ ref: 'b-10', sku: 'RED-CHAIR', qty: 10, eta: null }),
  CreateBatch({ ref: 'b-2', sku: 'RED-CHAIR', qty: 20, eta: '2026-12-01' }),
  CreateBatch({ ref: 'B-1', sku: 'red-table', qty: 5, eta: '2026-12-01' }),
  CreateBatch({ ref: 'a-9', sku: 'BLUE_LAMP', qty: 8, eta: '2027-01-31' }),
  CreateBatch({ ref: 'z-1', sku: 'BLUE_LAMP', qty: 3, eta: null }),
  CreateBatch({ ref: 'm-5', sku: 'GREEN%SOFA', qty: 0, eta: '2026-11-30' }),
  CreateBatch({ ref: 'c-3', sku: 'RED-CHAIR', qty: 7, eta: '2027-03-01' }),
  CreateBatch({ ref: 'e-1', sku: 'ELEGANT-LAMP', qty: 1, eta: null }),
  CreateBatch({ ref: 'e-2', sku: 'elegant-lamb', qty: 1, eta: '2027-02-01' }),
  Allocate({ orderid: 'o1', sku: 'RED-CHAIR', qty: 10 }), // b-10, the warehouse
  Allocate({ orderid: 'o1', sku: 'BLUE_LAMP', qty: 2 }), // z-1
  Allocate({ orderid: 'o1', sku: 'red-table', qty: 1 }), // B-1
  Allocate({ orderid: 'o2', sku: 'RED-CHAIR', qty: 4 }), // b-2, the earliest shipment
  Allocate({ orderid: 'o2', sku: 'RED-CHAIR', qty: 4 }), // repeated: counts once
  Allocate({ orderid: 'o3', sku: 'BLUE_LAMP', qty: 8 }), // a-9: z-1 has 1 left
  Allocate({ orderid: 'o4', sku: 'red-table', qty: 4 }), // B-1
  ChangeBatchQuantity({ ref: 'c-3', qty: 9 }),
  Deallocate({ orderid: 'o4', sku: 'red-table' }),
  Allocate({ orderid: 'o5', sku: 'ELEGANT-LAMP', qty: 3 }), // out of stock
  Allocate({ orderid: 'o5', sku: 'elegant-lamb', qty: 1 }), // e-2
  Allocate({ orderid: 'o6', sku: 'BLUE_LAMP', qty: 1 }), // z-1's last one
  ChangeBatchQuantity({ ref: 'z-1', qty: 2 }), // o6 is pushed out, and no batch can take it
  Allocate({ orderid: 'o11', sku: 'GREEN%SOFA', qty: 2 }), // out of stock, then...
  ChangeBatchQuantity({ ref: 'm-5', qty: 2 }),
  Allocate({ orderid: 'o11', sku: 'GREEN%SOFA', qty: 2 }), // ...allocated after all: its alert resolves
];

const alerts = [
  { sku: 'RED-CHAIR', orderid: 'o7', qty: 50, at: new Date('2026-11-01T10:00:00Z') },
  { sku: 'BLUE_LAMP', orderid: 'o8', qty: 9, at: new Date('2026-11-02T10:00:00Z') },
  { sku: 'RED-CHAIR', orderid: 'o9', qty: 60, at: new Date('2026-11-02T10:00:00Z') }, // same time as o8
  { sku: 'RED-CHAIR', orderid: 'o10', qty: 1, at: new Date('2026-11-03T10:00:00Z') },
];

const letters = [
  {
    channel: 'change_batch_quantity',
    payload: '{oops',
    error: 'Unexpected token',
    receivedAt: new Date('2026-11-01T00:00:00Z'),
  },
  {
    channel: 'change_batch_quantity',
    payload: '{}',
    error: 'batchref: Required',
    receivedAt: new Date('2026-11-03T00:00:00Z'),
  },
  {
    channel: 'change_batch_quantity',
    payload: '[]',
    error: 'Expected object',
    receivedAt: new Date('2026-11-01T00:00:00Z'),
  },
];

describe.each(BACKENDS)('views on %s', (backend) => {
  const backendRef = useBackend(backend);
  const fakes = bootstrapWithFakes();
  const fake = fakes.views;
  const fakeLetters = new FakeDeadLetters();

  beforeAll(async () => {
    const { db } = backendRef;
    const onDatabase = bootstrap({
      uow: db.uow,
      // The fakes' clock: the times written are the same on both.
      clock: fakes.clock,
      logger: new RecordingLogger(),
    });
    for (const command of history) {
      await fakes.bus.handle(command, testOrigin);
      await onDatabase.handle(command, testOrigin);
    }
    for (const { at, ...event } of alerts) {
      await fake.outOfStock({ type: 'OutOfStock', ...event }, at);
      await db.uow.run(async (uow) => {
        await uow.readModel.outOfStock({ type: 'OutOfStock', ...event }, at);
        await uow.commit();
      });
    }
    for (const letter of letters) {
      await fakeLetters.record(letter);
      await db.deadLetters.record(letter);
    }
  });

  it('allocations of an order, by sku; empty for an unknown order', async () => {
    const { views } = backendRef.db;
    for (const orderid of ['o1', 'o2', 'o3', 'o4', 'nope']) {
      expect(await views.allocationsForOrder(orderid)).toEqual(await fake.allocationsForOrder(orderid));
    }
    expect(await views.allocationsForOrder('o1')).toEqual([
      { sku: 'BLUE_LAMP', qty: 2, batchref: 'z-1' },
      { sku: 'RED-CHAIR', qty: 10, batchref: 'b-10' },
      { sku: 'red-table', qty: 1, batchref: 'B-1' },
    ]);
  });

  const withoutTimes = <T extends { at: Date | null }>(rows: readonly T[]) =>
    rows.map((row) => ({ ...row, at: row.at === null ? null : 'known' }));

  it('the lines of an order, allocated or not; none for an order never seen', async () => {
    const { views } = backendRef.db;
    for (const orderid of ['o1', 'o2', 'o4', 'o5', 'o6', 'o7', 'o11', 'nope']) {
      expect(withoutTimes(await views.orderLines(orderid))).toEqual(
        withoutTimes(await fake.orderLines(orderid)),
      );
    }
    expect(withoutTimes(await views.orderLines('o5'))).toEqual([
      { sku: 'ELEGANT-LAMP', qty: 3, state: 'out_of_stock', batchref: null, at: 'known' },
      { sku: 'elegant-lamb', qty: 1, state: 'allocated', batchref: 'e-2', at: 'known' },
    ]);
    expect(await views.orderLines('o4')).toMatchObject([{ sku: 'red-table', qty: 4, state: 'cancelled' }]);
    expect(await views.orderLines('o6')).toMatchObject([{ sku: 'BLUE_LAMP', qty: 1, state: 'out_of_stock' }]);
    expect(await views.orderLines('nope')).toEqual([]);
  });

  it.each([
    ['sku', 'lamp'],
    ['sku', 'RED'],
    ['sku', 'red-chair'],
    ['sku', '%'],
    ['sku', ''],
    ['order', 'O'],
    ['order', 'o1'],
  ] as const)('suggestions of %s for %j match the in-memory read model', async (kind, text) => {
    expect(await backendRef.db.views.suggest(kind, text)).toEqual(await fake.suggest(kind, text));
  });

  it.each([
    ['sku', 'elegant-lamp'],
    ['sku', 'ELEGNT-LAMP'],
    ['sku', 'red_chair'],
    ['sku', 'blue lamp'],
    ['sku', 'nothing-like-it'],
    ['order', 'O7'],
    ['order', ''],
  ] as const)('close matches of %s for %j match the in-memory read model', async (kind, text) => {
    expect(await backendRef.db.views.closeMatches(kind, text)).toEqual(await fake.closeMatches(kind, text));
  });

  it('close matches: the same sku in other case first, then similar ones', async () => {
    expect(await backendRef.db.views.closeMatches('sku', 'elegant-lamp')).toEqual([
      'ELEGANT-LAMP',
      'elegant-lamb',
    ]);
  });

  const skuQueries = [
    ...['sku', 'purchased', 'allocated', 'available', 'batches', 'nextEta', 'openAlerts'].flatMap((field) =>
      (['asc', 'desc'] as const).map((direction) => ({
        page: 1,
        pageSize: 50,
        sort: { field: field as 'sku', direction },
      })),
    ),
    { page: 2, pageSize: 2, sort: { field: 'available' as const, direction: 'desc' as const } },
    { page: 1, pageSize: 10, search: 'LAMP', sort: { field: 'sku' as const, direction: 'asc' as const } },
    { page: 1, pageSize: 10, search: '%', sort: { field: 'sku' as const, direction: 'asc' as const } },
    { page: 9, pageSize: 10, sort: { field: 'sku' as const, direction: 'asc' as const } },
  ];
  it.each(skuQueries.map((query) => [JSON.stringify(query), query] as const))(
    'sku overview %s matches the in-memory read model',
    async (_, query) => {
      expect(await backendRef.db.views.listSkus(query)).toEqual(await fake.listSkus(query));
    },
  );

  it('sku overview: each sku with its totals and open alerts', async () => {
    const page = await backendRef.db.views.listSkus({
      page: 1,
      pageSize: 50,
      sort: { field: 'sku', direction: 'asc' },
    });
    expect(page.items.find((s) => s.sku === 'RED-CHAIR')).toEqual({
      sku: 'RED-CHAIR',
      purchased: 39,
      allocated: 14,
      available: 25,
      batches: 3,
      nextEta: '2026-12-01',
      openAlerts: 3,
    });
  });

  it('stock per sku: warehouse first, then by eta, ties by reference', async () => {
    const { views } = backendRef.db;
    for (const sku of ['RED-CHAIR', 'red-table', 'BLUE_LAMP', 'GREEN%SOFA', 'red-chair']) {
      expect(await views.stockForSku(sku)).toEqual(await fake.stockForSku(sku));
    }
    expect(await views.stockForSku('RED-CHAIR')).toEqual([
      { reference: 'b-10', sku: 'RED-CHAIR', purchased: 10, allocated: 10, available: 0, eta: null },
      { reference: 'b-2', sku: 'RED-CHAIR', purchased: 20, allocated: 4, available: 16, eta: '2026-12-01' },
      { reference: 'c-3', sku: 'RED-CHAIR', purchased: 9, allocated: 0, available: 9, eta: '2027-03-01' },
    ]);
  });

  it('batch search: reference or sku, case-insensitive, references that start with the text first', async () => {
    const { views } = backendRef.db;
    for (const text of ['b-', 'RED', 'red-t', '%', '_', '1', 'nope']) {
      expect(await views.searchBatches(text, 10)).toEqual(await fake.searchBatches(text, 10));
    }
    expect((await views.searchBatches('b-', 10)).map((b) => b.reference)).toEqual(['B-1', 'b-10', 'b-2']);
    expect((await views.searchBatches('red', 2)).map((b) => b.reference)).toEqual(['B-1', 'b-10']);
    expect(await views.searchBatches('%', 10)).toMatchObject([{ reference: 'm-5', sku: 'GREEN%SOFA' }]);
  });

  const queries: BatchListQuery[] = [];
  for (const field of BATCH_SORT_FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      queries.push({ page: 1, pageSize: 50, sort: { field, direction } });
      queries.push({ page: 2, pageSize: 3, sort: { field, direction } });
    }
  }
  const eta = { field: 'eta', direction: 'asc' } as const;
  queries.push(
    { page: 1, pageSize: 10, sku: 'red', sort: eta },
    { page: 1, pageSize: 10, sku: 'RED-c', sort: { field: 'available', direction: 'desc' } },
    { page: 1, pageSize: 10, sku: '%', sort: eta }, // literal, not a wildcard
    { page: 1, pageSize: 10, sku: '_', sort: eta },
    { page: 1, pageSize: 10, etaFrom: day('2026-12-01'), sort: eta },
    { page: 1, pageSize: 10, etaTo: day('2026-12-01'), sort: { field: 'eta', direction: 'desc' } },
    { page: 1, pageSize: 10, etaFrom: day('2026-12-01'), etaTo: day('2027-01-31'), sort: eta },
    { page: 1, pageSize: 10, hasStock: true, sort: eta },
    { page: 1, pageSize: 10, hasStock: false, sort: { field: 'reference', direction: 'desc' } },
    { page: 1, pageSize: 2, sku: 'e', hasStock: true, etaFrom: day('2026-01-01'), sort: eta },
    { page: 9, pageSize: 10, sort: eta }, // past the end: no items, total still known
  );

  it.each(queries.map((query) => [JSON.stringify(query), query] as const))(
    'batch list %s matches the in-memory read model',
    async (_, query) => {
      expect(await backendRef.db.views.listBatches(query)).toEqual(await fake.listBatches(query));
    },
  );

  it('batch list: the warehouse (no eta) sorts first ascending and last descending', async () => {
    const { views } = backendRef.db;
    const asc = await views.listBatches({ page: 1, pageSize: 50, sort: { field: 'eta', direction: 'asc' } });
    expect(asc.items.map((b) => b.reference)).toEqual([
      'b-10',
      'e-1',
      'z-1',
      'm-5',
      'B-1',
      'b-2',
      'a-9',
      'e-2',
      'c-3',
    ]);
    const desc = await views.listBatches({
      page: 1,
      pageSize: 50,
      sort: { field: 'eta', direction: 'desc' },
    });
    expect(desc.items.map((b) => b.reference)).toEqual([
      'c-3',
      'e-2',
      'a-9',
      'B-1',
      'b-2',
      'm-5',
      'b-10',
      'e-1',
      'z-1',
    ]);
    expect(desc.total).toBe(9);
  });

  it.each([
    { page: 1, pageSize: 10 },
    { page: 1, pageSize: 2 },
    { page: 2, pageSize: 2 },
    { page: 1, pageSize: 10, sku: 'RED-CHAIR' },
    { page: 1, pageSize: 10, sku: 'red-chair' },
    { page: 5, pageSize: 10 },
    { page: 1, pageSize: 10, state: 'open' as const },
    { page: 1, pageSize: 10, state: 'resolved' as const },
    { page: 1, pageSize: 10, sku: 'RED-CHAIR', state: 'open' as const },
  ])('out-of-stock alerts %o: newest first, with when and which order', async (query) => {
    expect(await backendRef.db.views.outOfStockAlerts(query)).toEqual(await fake.outOfStockAlerts(query));
  });

  it('dead letters, newest first', async () => {
    const { views } = backendRef.db;
    for (const query of [
      { page: 1, pageSize: 10 },
      { page: 2, pageSize: 2 },
      { page: 3, pageSize: 2 },
    ]) {
      const page = await views.deadLetters(query);
      const expected = await fakeLetters.deadLetters(query);
      expect(page.items.map(({ id: _, ...rest }) => rest)).toEqual(
        expected.items.map(({ id: _, ...rest }) => rest),
      );
      expect({ ...page, items: [] }).toEqual({ ...expected, items: [] });
      expect(page.items.every((letter) => typeof letter.id === 'string')).toBe(true);
    }
  });

  it('the notification log records what it is sent', async () => {
    const { db } = backendRef;
    await db.notificationLog.send('ops@example.com', 'Out of stock for X');
    const rows = await db.prisma.recordedNotification.findMany();
    expect(rows).toMatchObject([{ destination: 'ops@example.com', message: 'Out of stock for X' }]);
  });
});
