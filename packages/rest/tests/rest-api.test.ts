import { RETRY_AFTER_SECONDS } from '@allocation/contracts';
import { StoreUnavailable } from '@allocation/domain';
import { bootstrapWithFakes, type FakeSystem } from '@allocation/domain/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/index.ts';
import { client, identityWithKeys, startTestServer, type TestServer, unique } from './support/server.ts';

let system: FakeSystem;
let server: TestServer;
let api: ReturnType<typeof client>;
/** What the database says when asked whether it answers: the health tests make it unreachable. */
let databaseAnswers: () => Promise<void> = async () => {};
const { identity, keys } = await identityWithKeys();

beforeAll(async () => {
  // One server for the file; each test gets a fresh in-memory system behind it.
  let current: FakeSystem = bootstrapWithFakes();
  system = current;
  server = await startTestServer({
    get bus() {
      return current.bus;
    },
    get views() {
      return current.views;
    },
    get logger() {
      return current.logger;
    },
    ping: () => databaseAnswers(),
    identity: async () => identity,
  });
  api = client(server.baseUrl, keys.operator);
  beforeEach(() => {
    current = bootstrapWithFakes();
    system = current;
    databaseAnswers = async () => {};
  });
});

afterAll(async () => {
  await server?.close();
});

const sku = () => unique('SMALL-TABLE');
const ref = () => unique('batch');
const order = () => unique('order');

describe('POST /api/add_batch', () => {
  it('adds a batch: 201 with the batch as stored', async () => {
    const [r, s] = [ref(), sku()];
    const reply = await api.addBatch(r, s, 100, '2026-03-01');
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ ref: r, sku: s, qty: 100, eta: '2026-03-01' });
    expect(await system.views.stockForSku(s)).toEqual([
      { reference: r, sku: s, purchased: 100, allocated: 0, available: 100, eta: '2026-03-01' },
    ]);
  });

  it('takes a null or absent eta as warehouse stock', async () => {
    const s = sku();
    expect((await api.post('/api/add_batch', { ref: ref(), sku: s, qty: 5, eta: null })).status).toBe(201);
    const reply = await api.post('/api/add_batch', { ref: ref(), sku: s, qty: 5 });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ eta: null });
  });

  it('refuses a duplicate batch reference with 409', async () => {
    const r = ref();
    await api.addBatch(r, sku(), 10);
    const reply = await api.addBatch(r, sku(), 10);
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ message: `Batch reference ${r} already exists` });
  });

  it.each([
    ['an impossible date', '2026-02-30', 'eta: Date is not a real calendar date'],
    ['a date in another format', '01/03/2026', 'eta: Date must be in the form YYYY-MM-DD'],
    ['a date with a time', '2026-03-01T10:00:00Z', 'eta: Date must be in the form YYYY-MM-DD'],
    ['a number for a date', 20260301, 'eta: Date must be text in the form YYYY-MM-DD'],
  ])('refuses %s with 400 naming eta', async (_, eta, message) => {
    const reply = await api.post('/api/add_batch', { ref: ref(), sku: sku(), qty: 10, eta });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message, errors: [{ field: 'eta' }] });
  });

  it.each([
    ['negative', -1, 'qty: Quantity must be at least 1'],
    ['zero', 0, 'qty: Quantity must be at least 1'],
    ['fractional', 1.5, 'qty: Quantity must be a whole number'],
    ['text', '10', 'qty: Quantity must be a number'],
    ['too large', 2 ** 31, 'qty: Quantity must be at most 2147483647'],
    ['missing', undefined, 'qty: Quantity is required'],
  ])('refuses a %s qty with 400 naming qty', async (_, qty, message) => {
    const reply = await api.post('/api/add_batch', { ref: ref(), sku: sku(), qty, eta: null });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message });
  });

  it('names every missing or mistyped field at once', async () => {
    const reply = await api.post('/api/add_batch', { sku: 42, qty: 1 });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      message: 'ref: Batch reference is required; sku: SKU must be text',
      errors: [
        { field: 'ref', message: 'Batch reference is required' },
        { field: 'sku', message: 'SKU must be text' },
      ],
    });
  });

  it('refuses blank identifiers', async () => {
    const reply = await api.post('/api/add_batch', { ref: '   ', sku: sku(), qty: 1 });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message: 'ref: Batch reference is required' });
  });
});

describe('POST /api/allocate', () => {
  // The book's two API tests, unchanged in spirit.
  it('happy path returns 202 and the batch is allocated', async () => {
    const s = sku();
    const [early, later, other] = [ref(), ref(), ref()];
    await api.addBatch(later, s, 100, '2011-01-02');
    await api.addBatch(early, s, 100, '2011-01-01');
    await api.addBatch(other, unique('other'), 100);
    const o = order();

    const reply = await api.allocate(o, s, 3);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ status: 'allocated', batchref: early });

    const allocations = await api.get(`/api/allocations/${o}`);
    expect(allocations.status).toBe(200);
    expect(allocations.body).toEqual([{ sku: s, batchref: early }]);
  });

  it('unhappy path returns 400 and the error message', async () => {
    const [unknownSku, o] = [unique('unknown'), order()];
    const reply = await api.allocate(o, unknownSku, 20);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ message: `Invalid sku ${unknownSku}` });
    expect((await api.get(`/api/allocations/${o}`)).status).toBe(404);
  });

  it('prefers warehouse stock over shipments', async () => {
    const [s, shipment, warehouse] = [sku(), ref(), ref()];
    await api.addBatch(shipment, s, 100, '2026-01-01');
    await api.addBatch(warehouse, s, 100, null);
    expect((await api.allocate(order(), s, 10)).body).toEqual({ status: 'allocated', batchref: warehouse });
  });

  it('says so when a line is out of stock, and notifies the stock team', async () => {
    const [s, o] = [sku(), order()];
    await api.addBatch(ref(), s, 10);
    const reply = await api.allocate(o, s, 11);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({
      status: 'out_of_stock',
      batchref: null,
      message: `Out of stock for sku ${s}`,
    });
    expect(system.notifications.sent).toEqual([
      { destination: 'stock@made.com', message: expect.stringContaining(s) },
    ]);
    expect((await api.get(`/api/allocations/${o}`)).status).toBe(404);
  });

  it('answers already_allocated when the same line is allocated again', async () => {
    const [s, b, o] = [sku(), ref(), order()];
    await api.addBatch(b, s, 10);
    await api.allocate(o, s, 2);
    const again = await api.allocate(o, s, 2);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ status: 'already_allocated', batchref: b });
    expect(await system.views.stockForSku(s)).toMatchObject([{ allocated: 2 }]);
  });

  it('refuses the same line with another qty with 409', async () => {
    const [s, o] = [sku(), order()];
    await api.addBatch(ref(), s, 10);
    await api.allocate(o, s, 2);
    const reply = await api.allocate(o, s, 3);
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({
      message: `Order ${o} already has 2 of ${s} allocated; it cannot be allocated again with qty 3`,
    });
  });

  it.each([
    [{ sku: 'X', qty: 1 }, 'orderid: Order id is required'],
    [{ orderid: 'o', qty: 1 }, 'sku: SKU is required'],
    [{ orderid: 'o', sku: 'X' }, 'qty: Quantity is required'],
    [{ orderid: 'o', sku: 'X', qty: -3 }, 'qty: Quantity must be at least 1'],
    [{ orderid: 'o', sku: 'X', qty: 0.5 }, 'qty: Quantity must be a whole number'],
    [{ orderid: 'o', sku: 'X', qty: null }, 'qty: Quantity must be a number'],
    [{ orderid: 7, sku: 'X', qty: 1 }, 'orderid: Order id must be text'],
    [{ orderid: 'o', sku: 'x'.repeat(256), qty: 1 }, 'sku: SKU must be at most 255 characters'],
  ])('refuses %j with 400: %s', async (body, message) => {
    const reply = await api.post('/api/allocate', body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message });
  });

  it('ignores fields it does not know', async () => {
    const [s, b] = [sku(), ref()];
    await api.addBatch(b, s, 10);
    const reply = await api.post('/api/allocate', { orderid: order(), sku: s, qty: 1, comment: 'rush' });
    expect(reply).toMatchObject({ status: 202, body: { batchref: b } });
  });
});

describe('GET /api/allocations/<orderid>', () => {
  it('lists every sku of the order with its batch, up to date as soon as allocate returned', async () => {
    const [s1, s2, b1, b2, o] = [sku(), sku(), ref(), ref(), order()];
    await api.addBatch(b1, s1, 10);
    await api.addBatch(b2, s2, 10);
    await api.allocate(o, s1, 1);
    await api.allocate(o, s2, 1);
    const reply = await api.get(`/api/allocations/${o}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      [
        { sku: s1, batchref: b1 },
        { sku: s2, batchref: b2 },
      ].sort((a, b) => a.sku.localeCompare(b.sku)),
    );
  });

  it('answers 404 with a message for an order without allocations', async () => {
    const reply = await api.get('/api/allocations/no-such-order');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: 'No allocations found for order no-such-order' });
  });

  it('decodes the order id from the path once', async () => {
    const [s, b] = [sku(), ref()];
    const o = `order 50%/${unique('x')}`;
    await api.addBatch(b, s, 10);
    await api.allocate(o, s, 1);
    const reply = await api.get(`/api/allocations/${encodeURIComponent(o)}`);
    expect(reply).toMatchObject({ status: 200, body: [{ sku: s, batchref: b }] });
  });

  it('names the order id of the path when it is blank', async () => {
    const reply = await api.get('/api/allocations/%20');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message: 'orderid: Order id is required' });
  });

  it('refuses a malformed percent-encoding with 400', async () => {
    const reply = await api.get('/api/allocations/%E0%A4%A');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message: expect.stringContaining('percent-encoding') });
  });
});

describe('POST /api/deallocate', () => {
  it('takes the line off its batch and does not re-allocate it', async () => {
    const [s, b, o] = [sku(), ref(), order()];
    await api.addBatch(b, s, 10);
    await api.allocate(o, s, 4);
    const reply = await api.post('/api/deallocate', { orderid: o, sku: s });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ orderid: o, sku: s, qty: 4, batchref: b });
    expect((await api.get(`/api/allocations/${o}`)).status).toBe(404);
    expect(await system.views.stockForSku(s)).toMatchObject([{ allocated: 0, available: 10 }]);
  });

  it('answers 404 for a line that is not allocated', async () => {
    const [s, o] = [sku(), order()];
    await api.addBatch(ref(), s, 10);
    const reply = await api.post('/api/deallocate', { orderid: o, sku: s });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ message: `Order ${o} has no allocated line for sku ${s}` });
  });

  it('answers 400 Invalid sku for an unknown sku', async () => {
    const s = unique('unknown');
    const reply = await api.post('/api/deallocate', { orderid: order(), sku: s });
    expect(reply).toMatchObject({ status: 400, body: { message: `Invalid sku ${s}` } });
  });

  it('names a missing field', async () => {
    const reply = await api.post('/api/deallocate', { orderid: order() });
    expect(reply).toMatchObject({ status: 400, body: { message: 'sku: SKU is required' } });
  });
});

describe('POST /api/change_batch_quantity', () => {
  it('changes the quantity and re-allocates the lines the batch can no longer hold', async () => {
    const [s, first, second, o1, o2] = [sku(), ref(), ref(), order(), order()];
    await api.addBatch(first, s, 10, null);
    await api.addBatch(second, s, 50, '2026-05-01');
    await api.allocate(o1, s, 6);
    await api.allocate(o2, s, 4);
    const reply = await api.post('/api/change_batch_quantity', { ref: first, qty: 6 });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ref: first, qty: 6 });
    const { reallocations } = reply.body as { reallocations: { orderid: string; batchref: string }[] };
    expect(reallocations).toHaveLength(1);
    expect(reallocations[0]).toMatchObject({ sku: s, batchref: second });
    const moved = reallocations[0]?.orderid ?? '';
    expect((await api.get(`/api/allocations/${moved}`)).body).toEqual([{ sku: s, batchref: second }]);
  });

  it('reports a line with nowhere to go as batchref null', async () => {
    const [s, b, o] = [sku(), ref(), order()];
    await api.addBatch(b, s, 10);
    await api.allocate(o, s, 8);
    const reply = await api.post('/api/change_batch_quantity', { ref: b, qty: 0 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ref: b,
      qty: 0,
      reallocations: [{ orderid: o, sku: s, qty: 8, batchref: null }],
    });
  });

  it('answers 404 for an unknown batch', async () => {
    const b = unique('nope');
    const reply = await api.post('/api/change_batch_quantity', { ref: b, qty: 5 });
    expect(reply).toMatchObject({ status: 404, body: { message: `Unknown batch ${b}` } });
  });

  it.each([
    [{ ref: 'b', qty: -1 }, 'qty: Quantity must be at least 0'],
    [{ ref: 'b', qty: 2.5 }, 'qty: Quantity must be a whole number'],
    [{ ref: 'b' }, 'qty: Quantity is required'],
    [{ batchref: 'b', qty: 1 }, 'ref: Batch reference is required'],
  ])('refuses %j with 400: %s', async (body, message) => {
    const reply = await api.post('/api/change_batch_quantity', body);
    expect(reply).toMatchObject({ status: 400, body: { message } });
  });
});

describe('malformed requests', () => {
  const endpoints = ['/api/add_batch', '/api/allocate', '/api/deallocate', '/api/change_batch_quantity'];

  it.each(endpoints)('%s: a body that is not JSON is 400', async (path) => {
    const reply = await api.postRaw(path, '{"orderid": "o1", ', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ message: expect.stringMatching(/^Request body is not valid JSON/) });
  });

  it.each(endpoints)('%s: an empty body is 400', async (path) => {
    const reply = await api.postRaw(path, null, { 'content-type': 'application/json' });
    expect(reply).toMatchObject({
      status: 400,
      body: { message: 'Request body is empty: expected a JSON object' },
    });
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['null', 'null'],
    ['"text"', 'a string'],
    ['42', 'a number'],
  ])('a JSON body that is %s, not an object, is 400', async (body, what) => {
    const reply = await api.postRaw('/api/allocate', body, { 'content-type': 'application/json' });
    expect(reply).toMatchObject({
      status: 400,
      body: { message: `Request body must be a JSON object, not ${what}` },
    });
  });

  it('a form post is 415', async () => {
    const reply = await api.postRaw('/api/allocate', 'orderid=o1&sku=X&qty=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(reply).toMatchObject({
      status: 415,
      body: { message: 'Content-Type must be application/json, not application/x-www-form-urlencoded' },
    });
  });

  it('a JSON body without a Content-Type is 415: no page elsewhere can post one from a browser', async () => {
    const [s, b] = [sku(), ref()];
    await api.addBatch(b, s, 10);
    const reply = await api.request('/api/allocate', {
      method: 'POST',
      body: new Blob([JSON.stringify({ orderid: order(), sku: s, qty: 1 })]),
    });
    expect(reply).toMatchObject({
      status: 415,
      body: { message: 'Content-Type is missing: send the body as application/json' },
    });
    expect(await system.views.stockForSku(s)).toMatchObject([{ allocated: 0 }]);
  });

  it('a JSON media type with a charset or +json suffix is accepted', async () => {
    const [s, b] = [sku(), ref()];
    await api.addBatch(b, s, 10);
    for (const type of ['application/json; charset=utf-8', 'application/vnd.allocation+json']) {
      const reply = await api.postRaw('/api/allocate', JSON.stringify({ orderid: order(), sku: s, qty: 1 }), {
        'content-type': type,
      });
      expect(reply.status).toBe(202);
    }
  });

  it('a body larger than the limit is 413', async () => {
    const body = JSON.stringify({ orderid: 'o', sku: 'x'.repeat(MAX_BODY_BYTES), qty: 1 });
    const reply = await api.postRaw('/api/allocate', body, { 'content-type': 'application/json' });
    expect(reply).toMatchObject({ status: 413, body: { message: expect.stringContaining('larger than') } });
  });

  it('a body that is not UTF-8 is 400', async () => {
    const reply = await api.postRaw('/api/allocate', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), {
      'content-type': 'application/json',
    });
    expect(reply).toMatchObject({ status: 400, body: { message: 'Request body is not valid UTF-8 text' } });
  });

  it('an unknown endpoint is a JSON 404', async () => {
    const reply = await api.post('/api/allocate_everything', {});
    expect(reply).toMatchObject({
      status: 404,
      body: { message: 'No such endpoint: POST /api/allocate_everything' },
    });
  });

  it('a wrong method is a JSON 405 with Allow', async () => {
    const reply = await api.get('/api/allocate');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.body).toEqual({ message: 'Method GET is not allowed on /api/allocate; use POST' });
  });
});

describe('request ids and unexpected errors', () => {
  it('echoes a sensible x-request-id and makes one up otherwise', async () => {
    expect(
      (await api.get('/api/allocations/x', { 'x-request-id': 'abc-123' })).headers.get('x-request-id'),
    ).toBe('abc-123');
    const made = (await api.get('/api/allocations/x', { 'x-request-id': 'bad id with spaces' })).headers.get(
      'x-request-id',
    );
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unexpected failure with a generic 500 and logs it under the request id', async () => {
    const logger = system.logger;
    const broken = await startTestServer({
      identity: async () => identity,
      bus: system.bus,
      ping: async () => {},
      views: {
        allocationsForOrder: async () => {
          throw new Error('connection to database lost: password=hunter2');
        },
      },
      logger,
    });
    try {
      const reply = await client(broken.baseUrl, keys.manager).get('/api/allocations/o1');
      expect(reply.status).toBe(500);
      const requestId = reply.headers.get('x-request-id');
      expect(reply.body).toEqual({ message: `Internal server error (request id ${requestId})`, requestId });
      expect(JSON.stringify(reply.body)).not.toContain('hunter2');
      expect(logger.entries).toContainEqual(
        expect.objectContaining({ level: 'error', context: expect.objectContaining({ requestId }) }),
      );
    } finally {
      await broken.close();
    }
  });

  it('answers 409 when concurrent updates keep conflicting', async () => {
    const [s, b] = [sku(), ref()];
    await api.addBatch(b, s, 10);
    system.uow.simulateConflicts(10);
    const reply = await api.allocate(order(), s, 1);
    expect(reply.status).toBe(409);
    expect(reply.headers.get('retry-after')).toBe('1');
  });
});

describe('GET /api/health', () => {
  it('answers 200 {"status":"ok"} while the database answers, never cached', async () => {
    const reply = await api.get('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok' });
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 {"message"} with Retry-After while the database is away', async () => {
    databaseAnswers = async () => {
      throw new StoreUnavailable();
    };
    const reply = await api.get('/api/health');
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS['service.unavailable']));
    expect(reply.body).toEqual({ message: new StoreUnavailable().message });
  });

  it('is only read: other methods get a 405 naming GET', async () => {
    const reply = await api.post('/api/health', {});
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET');
  });
});
