import { instantRetry } from '@allocation/domain/testing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { appRouter, createCaller, createContext } from '../src/index.ts';
import { fakeApi, rejection, userOf } from './support.ts';

describe('an unexpected failure', () => {
  it('is logged with the request id and reaches the caller as a generic message quoting it', async () => {
    const { deps, logger } = fakeApi();
    const broken = {
      ...deps,
      views: {
        ...deps.views,
        stockForSku: async () => {
          throw new Error('connection to database lost: password=hunter2');
        },
      },
    };
    const api = createCaller(broken, { requestId: 'req-42', actor: userOf('operator') });
    const error = await rejection(api.stock.forSku({ sku: 'LAMP' }));
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toContain('req-42');
    expect(error.message).not.toContain('hunter2');
    const entry = logger.entries.find((e) => e.level === 'error');
    expect(entry?.context).toMatchObject({
      requestId: 'req-42',
      path: 'stock.forSku',
      error: { message: 'connection to database lost: password=hunter2' },
    });
  });

  it('a product still contended after the retries is a CONFLICT asking to retry, not an internal error', async () => {
    const { api, uow, logger } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null });
    uow.simulateConflicts(instantRetry.attempts);
    const error = await rejection(api.allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'The product was being changed by other requests at the same time; please retry',
    );
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('gets a fresh request id when the request brought none', async () => {
    const { deps } = fakeApi();
    const a = createContext(deps);
    const b = createContext(deps, { requestId: '   ' });
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.requestId).not.toBe(a.requestId);
  });
});

describe('over HTTP', () => {
  async function post(path: string, body: unknown, requestId = 'req-7') {
    const { deps } = fakeApi();
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`http://localhost/api/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      router: appRouter,
      createContext: () => createContext(deps, { requestId, actor: userOf('operator') }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error: { message: string; data: Record<string, unknown> } },
    };
  }

  it('gives an invalid input its field errors, so forms can show them beside each field', async () => {
    const { status, body } = await post('batch.create', { ref: '', sku: 'LAMP', qty: 1.5, eta: 'soon' });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'ref: Batch reference is required; qty: Quantity must be a whole number; eta: Date must be in the form YYYY-MM-DD',
    );
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      requestId: 'req-7',
      fieldErrors: {
        ref: ['Batch reference is required'],
        qty: ['Quantity must be a whole number'],
        eta: ['Date must be in the form YYYY-MM-DD'],
      },
    });
  });

  it('maps a domain error to its status with the domain message', async () => {
    const { status, body } = await post('allocation.allocate', { orderid: 'o1', sku: 'NOPE', qty: 1 });
    expect(status).toBe(400);
    expect(body.error.message).toBe('Invalid sku NOPE');
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: null,
      errorCode: 'sku.unknown',
      field: 'sku',
    });
  });
});

describe('a broken domain rule over HTTP', () => {
  it('names the input field it concerns', async () => {
    const { deps } = fakeApi();
    const call = (path: string, body: unknown) =>
      fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(`http://localhost/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        router: appRouter,
        createContext: () => createContext(deps, { actor: userOf('operator') }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { error: { data: Record<string, unknown> } },
      }));
    const unknown = await call('batch.changeQuantity', { ref: 'nope', qty: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.data).toMatchObject({ errorCode: 'batch.unknown', field: 'ref' });
    const notAllocated = await call('allocation.deallocate', { orderid: 'o1', sku: 'LAMP' });
    expect(notAllocated.body.error.data).toMatchObject({ errorCode: 'sku.unknown', field: 'sku' });
  });
});
