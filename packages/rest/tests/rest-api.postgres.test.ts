// A small set through the real database: the REST API over the Prisma/PostgreSQL adapters.

import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { bootstrap, type Logger } from '@allocation/domain';
import { FakeClock, RecordingLogger } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, identityWithKeys, startTestServer, type TestServer, unique } from './support/server.ts';

const skipReason = await postgresSkipReason('rest');

describe.skipIf(skipReason !== undefined)('REST API on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let server: TestServer;
  let api: ReturnType<typeof client>;
  const logger: Logger = new RecordingLogger();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase({ url: testDatabase.url, poolSize: 10, logger, clock: new FakeClock() });
    const bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock: new FakeClock(),
      logger,
      stockTeamAddress: 'stock@made.com',
    });
    const { identity, keys } = await identityWithKeys();
    server = await startTestServer({
      bus,
      views: database.views,
      logger,
      ping: () => database.ping(),
      identity: async () => identity,
    });
    api = client(server.baseUrl, keys.operator);
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('happy path returns 202 and the batch is allocated; the view is current at once', async () => {
    const [sku, early, later, order] = [unique('SKU'), unique('b'), unique('b'), unique('o')];
    expect((await api.addBatch(later, sku, 100, '2011-01-02')).status).toBe(201);
    expect((await api.addBatch(early, sku, 100, '2011-01-01')).status).toBe(201);
    const reply = await api.allocate(order, sku, 3);
    expect(reply).toMatchObject({ status: 202, body: { status: 'allocated', batchref: early } });
    expect(await api.get(`/api/allocations/${order}`)).toMatchObject({
      status: 200,
      body: [{ sku, batchref: early }],
    });
  });

  it('unhappy path returns 400 and the error message', async () => {
    const sku = unique('unknown');
    const reply = await api.allocate(unique('o'), sku, 20);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: `Invalid sku ${sku}` });
  });

  it('refuses text PostgreSQL cannot store (a NUL character) with 400, not 500', async () => {
    const batch = await api.post('/api/add_batch', { ref: 'b\u0000', sku: unique('SKU'), qty: 1, eta: null });
    expect(batch).toMatchObject({
      status: 400,
      body: { message: 'ref: Batch reference must not contain control characters' },
    });
    const allocation = await api.post('/api/allocate', { orderid: 'o\u0000', sku: unique('SKU'), qty: 1 });
    expect(allocation).toMatchObject({
      status: 400,
      body: { message: 'orderid: Order id must not contain control characters' },
    });
    const lookup = await api.get('/api/allocations/o%00');
    expect(lookup.status).toBe(400);
    expect(lookup.body).toMatchObject({
      message: expect.stringContaining('must not contain control characters'),
    });
  });

  it('refuses a duplicate batch reference with 409, not 500', async () => {
    const ref = unique('b');
    await api.addBatch(ref, unique('SKU'), 10);
    const reply = await api.addBatch(ref, unique('SKU'), 10);
    expect(reply).toMatchObject({ status: 409, body: { message: `Batch reference ${ref} already exists` } });
  });

  it('changes a batch quantity, re-allocates, deallocates', async () => {
    const [sku, first, second, order] = [unique('SKU'), unique('b'), unique('b'), unique('o')];
    await api.addBatch(first, sku, 10, null);
    await api.addBatch(second, sku, 10, '2030-01-01');
    await api.allocate(order, sku, 8);
    const change = await api.post('/api/change_batch_quantity', { ref: first, qty: 5 });
    expect(change).toMatchObject({
      status: 200,
      body: { reallocations: [{ orderid: order, sku, qty: 8, batchref: second }] },
    });
    const cancelled = await api.post('/api/deallocate', { orderid: order, sku });
    expect(cancelled).toMatchObject({ status: 200, body: { batchref: second } });
    expect((await api.get(`/api/allocations/${order}`)).status).toBe(404);
  });

  it('eight concurrent allocations of one sku never over-allocate and never fail with 500', async () => {
    const [sku, ref] = [unique('SKU'), unique('b')];
    await api.addBatch(ref, sku, 20);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.allocate(`${ref}-o${i}`, sku, 3)),
    );
    for (const reply of replies) expect([202, 409]).toContain(reply.status);
    const allocated = replies.filter((r) => (r.body as { status?: string }).status === 'allocated').length;
    const stock = await database.views.stockForSku(sku);
    expect(stock[0]?.allocated).toBe(allocated * 3);
    expect(stock[0]?.allocated).toBeLessThanOrEqual(20);
  });
});
