import { type AppRouter, appRouter, createContext } from '@allocation/api';
import { createFakeApp } from '@allocation/composition-root/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { queryErrorMessage, serverProblem } from '../src/lib/errors';

/** A tRPC client talking to the real API (on in-memory fakes) in-process, signed in as an operator: the replies the browser gets. */
function apiClient() {
  const app = createFakeApp();
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://localhost/api/trpc',
        fetch: (input, init) =>
          fetchRequestHandler({
            endpoint: '/api/trpc',
            req: new Request(input as RequestInfo, init as RequestInit),
            router: appRouter,
            createContext: () =>
              createContext(app, { actor: { kind: 'user', id: 'u1', name: 'Olive', role: 'operator' } }),
          }),
      }),
    ],
  });
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

describe('what a form shows of a failed call', () => {
  it('shows an input the schema refused beside its fields', async () => {
    const api = apiClient();
    const error = await failure(api.batch.create.mutate({ ref: '', sku: 'LAMP', qty: 1.5, eta: null }));
    expect(serverProblem(error, ['ref', 'sku', 'qty', 'eta'])).toEqual({
      fieldErrors: { ref: 'Batch reference is required', qty: 'Quantity must be a whole number' },
      message: null,
    });
  });

  it('shows a broken domain rule beside the field the API says it concerns', async () => {
    const api = apiClient();
    const error = await failure(api.allocation.allocate.mutate({ orderid: 'o1', sku: 'NOPE', qty: 1 }));
    expect(serverProblem(error, ['orderid', 'sku', 'qty'])).toEqual({
      fieldErrors: { sku: 'Invalid sku NOPE' },
      message: null,
    });
  });

  it('shows a rule that concerns no field of the form above it', async () => {
    const api = apiClient();
    await api.batch.create.mutate({ ref: 'b1', sku: 'LAMP', qty: 5, eta: null });
    const error = await failure(api.allocation.deallocate.mutate({ orderid: 'o1', sku: 'LAMP' }));
    expect(serverProblem(error, ['orderid', 'sku'])).toEqual({
      fieldErrors: {},
      message: 'Order o1 has no allocated line for sku LAMP',
    });
  });

  it('shows a rule about a field the form does not have above it', async () => {
    const api = apiClient();
    const error = await failure(api.batch.changeQuantity.mutate({ ref: 'nope', qty: 1 }));
    expect(serverProblem(error, ['qty'])).toEqual({ fieldErrors: {}, message: 'Unknown batch nope' });
  });

  it('says the server could not be reached when no reply came', () => {
    const offline = new TypeError('fetch failed');
    expect(serverProblem(offline, ['sku']).message).toMatch(/could not be reached/);
    expect(queryErrorMessage(offline)).toMatch(/could not be reached/);
    expect(queryErrorMessage(new TRPCClientError('Unknown batch nope'))).toBe('Unknown batch nope');
  });
});
