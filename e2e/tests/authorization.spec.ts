import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';
import { appOrigin } from './support/accounts';

// The server enforces roles whatever the pages show: a direct tRPC call with a browser's session
// cookie is judged by the session's role and by the Origin of the page that sent it.

async function refusal(response: APIResponse) {
  const body = (await response.json()) as { error?: { message?: string; data?: { code?: string } } };
  return { status: response.status(), code: body.error?.data?.code, message: body.error?.message };
}

/** What a script on a page would post: JSON with the page's origin and the browser's cookies. */
const mutationHeaders = (origin: string) => ({ origin, 'content-type': 'application/json' });

test.describe('as a manager', () => {
  test.use({ role: 'manager' });

  test('a direct mutation call with a manager’s session is refused (FORBIDDEN) and changes nothing', async ({
    page,
    names,
    seed,
  }) => {
    const sku = names.unique('GUARD');
    const batch = names.unique('batch');
    await seed.createBatch(batch, sku, 10, null);

    const allocate = await page.request.post('/api/trpc/allocation.allocate', {
      data: { orderid: names.unique('order'), sku, qty: 3 },
      headers: mutationHeaders(appOrigin),
    });
    expect(await refusal(allocate)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const create = await page.request.post('/api/trpc/batch.create', {
      data: { ref: names.unique('batch'), sku, qty: 1, eta: null },
      headers: mutationHeaders(appOrigin),
    });
    expect(await refusal(create)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    // Reading is a manager's right: the batch is there, nothing allocated, no second batch.
    const input = encodeURIComponent(JSON.stringify({ sku }));
    const stock = await page.request.get(`/api/trpc/stock.forSku?input=${input}`);
    expect(stock.status()).toBe(200);
    expect((await stock.json()).result.data).toEqual([
      { reference: batch, sku, purchased: 10, allocated: 0, available: 10, eta: null },
    ]);
  });
});

test.describe('as an operator', () => {
  test.use({ role: 'operator' });

  test('a mutation sent from a page of another origin is refused (403) even for an operator', async ({
    page,
    names,
    seed,
  }) => {
    const sku = names.unique('GUARD');
    await seed.createBatch(names.unique('batch'), sku, 10, null);
    const line = { orderid: names.unique('order'), sku, qty: 1 };

    const foreign = await page.request.post('/api/trpc/allocation.allocate', {
      data: line,
      headers: mutationHeaders('https://evil.example'),
    });
    expect(await refusal(foreign)).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    // The same call from the app's own origin is the operator's to make.
    const own = await page.request.post('/api/trpc/allocation.allocate', {
      data: line,
      headers: mutationHeaders(appOrigin),
    });
    expect(own.status(), await own.text()).toBe(200);
  });
});

test('anonymous calls are refused (UNAUTHORIZED)', async ({ request }) => {
  const input = encodeURIComponent(JSON.stringify({ sku: 'ANY' }));
  expect(await refusal(await request.get(`/api/trpc/stock.forSku?input=${input}`))).toMatchObject({
    status: 401,
    code: 'UNAUTHORIZED',
  });
  const allocate = await request.post('/api/trpc/allocation.allocate', {
    data: { orderid: 'o', sku: 'ANY', qty: 1 },
    headers: mutationHeaders(appOrigin),
  });
  expect(await refusal(allocate)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
});
