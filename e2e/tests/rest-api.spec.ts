import type { APIRequestContext } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { appOrigin, storageStateOf } from './support/accounts';
import { restClient } from './support/rest';

/** REST callers are machines with an API key (support/rest.ts). */
const test = base.extend<{ request: APIRequestContext }>({
  request: async ({ playwright, baseURL }, use, testInfo) => {
    const request = await restClient(playwright, baseURL, testInfo);
    if (!request) return;
    try {
      await use(request);
    } finally {
      await request.dispose();
    }
  },
});

// Other systems call the book's REST contract on the served app (its Next.js route handlers), not
// only the handlers the rest package tests on a bare server.
test('the book’s REST API works through the app, and callers’ mistakes are 4xx naming the problem', async ({
  names,
  request,
}) => {
  const sku = names.unique('MIRROR');
  const [warehouse, shipment, orderid] = [
    names.unique('batch'),
    names.unique('batch'),
    names.unique('order'),
  ];

  const created = await request.post('/api/add_batch', { data: { ref: warehouse, sku, qty: 5, eta: null } });
  expect(created.status()).toBe(201);
  expect(
    (
      await request.post('/api/add_batch', { data: { ref: shipment, sku, qty: 50, eta: '2027-02-01' } })
    ).status(),
  ).toBe(201);

  const allocated = await request.post('/api/allocate', { data: { orderid, sku, qty: 4 } });
  expect(allocated.status()).toBe(202);
  expect(await allocated.json()).toEqual({ status: 'allocated', batchref: warehouse });

  const allocations = await request.get(`/api/allocations/${encodeURIComponent(orderid)}`);
  expect(allocations.status()).toBe(200);
  expect(await allocations.json()).toEqual([{ sku, batchref: warehouse }]);

  // The warehouse batch shrinks below the line: it moves to the shipment.
  const changed = await request.post('/api/change_batch_quantity', { data: { ref: warehouse, qty: 2 } });
  expect(changed.status()).toBe(200);
  expect(await (await request.get(`/api/allocations/${encodeURIComponent(orderid)}`)).json()).toEqual([
    { sku, batchref: shipment },
  ]);

  expect((await request.post('/api/deallocate', { data: { orderid, sku } })).status()).toBe(200);
  expect((await request.get(`/api/allocations/${encodeURIComponent(orderid)}`)).status()).toBe(404);

  const noSuchSku = names.unique('NO-SUCH-SKU');
  const unknownSku = await request.post('/api/allocate', { data: { orderid, sku: noSuchSku, qty: 1 } });
  expect(unknownSku.status()).toBe(400);
  expect(await unknownSku.json()).toEqual({ message: `Invalid sku ${noSuchSku}` });

  const notJson = await request.post('/api/allocate', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"orderid": '),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).message).toMatch(/^Request body is not valid JSON/);

  const duplicate = await request.post('/api/add_batch', { data: { ref: shipment, sku, qty: 1, eta: null } });
  expect(duplicate.status()).toBe(409);
  expect((await duplicate.json()).message).toContain(shipment);

  const unknownBatch = await request.post('/api/change_batch_quantity', {
    data: { ref: names.unique('nothing'), qty: 1 },
  });
  expect(unknownBatch.status()).toBe(404);

  const nowhere = await request.get('/api/no_such_endpoint');
  expect(nowhere.status()).toBe(404);
  expect((await nowhere.json()).message).toBeTruthy();

  const openapi = await request.get('/api/openapi.json');
  expect(openapi.status()).toBe(200);
  expect(Object.keys((await openapi.json()).paths)).toEqual(
    expect.arrayContaining([
      '/api/add_batch',
      '/api/allocate',
      '/api/deallocate',
      '/api/change_batch_quantity',
    ]),
  );
});

test('REST needs an API key: none or a wrong one is 401, and a browser session is not one', async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  try {
    // Public: the health check (and the OpenAPI document, above).
    expect((await anonymous.get('/api/health')).status()).toBe(200);

    const none = await anonymous.get('/api/allocations/any-order');
    expect(none.status()).toBe(401);
    expect((await none.json()).message).toBeTruthy();

    const wrong = await anonymous.post('/api/allocate', {
      data: { orderid: 'o', sku: 'S', qty: 1 },
      headers: { authorization: 'Bearer not-a-key' },
    });
    expect(wrong.status()).toBe(401);
  } finally {
    await anonymous.dispose();
  }

  // An operator's signed-in browser session cannot change stock through REST.
  const browser = await playwright.request.newContext({
    baseURL,
    storageState: storageStateOf('operator'),
  });
  try {
    const withCookie = await browser.post('/api/allocate', {
      data: { orderid: 'o', sku: 'S', qty: 1 },
      headers: { origin: appOrigin },
    });
    expect(withCookie.status()).toBe(401);
  } finally {
    await browser.dispose();
  }
});
