import { type AppRouter, appRouter, createContext } from '@allocation/api';
import type { Role } from '@allocation/composition-root';
import { createFakeApp } from '@allocation/composition-root/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { queryErrorMessage, serverProblem } from '../src/lib/errors';

/** A browser's tRPC client on the real API (in-memory fakes), signed in with `role` or not at all. */
async function clientAs(role?: Role) {
  const app = createFakeApp();
  const identity = app.fakes.identity;
  const actor = role ? await identity.actorFromSession(await identity.signedIn(role)) : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://localhost/api/trpc',
        fetch: (input, init) =>
          fetchRequestHandler({
            endpoint: '/api/trpc',
            req: new Request(input as RequestInfo, init as RequestInit),
            router: appRouter,
            createContext: () => createContext(app, { actor }),
          }),
      }),
    ],
  });
}

const failure = (call: Promise<unknown>) =>
  call.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );

describe('what the app shows when identity refuses a call', () => {
  it('tells a signed-out browser to sign in again, above the form and for a list', async () => {
    const api = await clientAs();
    const error = await failure(api.allocation.allocate.mutate({ orderid: 'o1', sku: 'LAMP', qty: 1 }));
    const problem = serverProblem(error, ['orderid', 'sku', 'qty']);
    expect(problem.fieldErrors).toEqual({});
    expect(problem.message).toMatch(/^You are signed out/);
    expect(queryErrorMessage(await failure(api.stock.forSku.query({ sku: 'LAMP' })))).toMatch(
      /^You are signed out/,
    );
  });

  it('names the role that may not and the one needed', async () => {
    const api = await clientAs('manager');
    const error = await failure(api.allocation.allocate.mutate({ orderid: 'o1', sku: 'LAMP', qty: 1 }));
    expect(serverProblem(error, ['orderid', 'sku', 'qty']).message).toBe(
      'Not allowed for your role: Test manager is a manager; this needs the operator role or higher',
    );
    expect(queryErrorMessage(await failure(api.admin.users.list.query()))).toMatch(
      /^Not allowed for your role: .* needs the admin role/,
    );
  });
});
