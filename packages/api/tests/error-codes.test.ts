import {
  CONTENDED_MESSAGE,
  type ErrorCode,
  HTTP_STATUS,
  RequestError,
  TRPC_CODE,
} from '@allocation/contracts';
import { StoreUnavailable } from '@allocation/domain';
import { instantRetry } from '@allocation/domain/testing';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter, createContext } from '../src/index.ts';
import { managerProcedure as procedure, router } from '../src/trpc.ts';
import { fakeApi, userOf } from './support.ts';

describe('the translation table, over tRPC', () => {
  it('gives every code a tRPC code that tRPC answers with the same HTTP status as REST', () => {
    const codes = Object.keys(HTTP_STATUS) as ErrorCode[];
    expect(Object.keys(TRPC_CODE).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      const status = getHTTPStatusCodeFromError(new TRPCError({ code: TRPC_CODE[code] }));
      expect({ code, status }).toEqual({ code, status: HTTP_STATUS[code] });
    }
  });
});

/** Procedures that fail the way the next entry-point checks will (identity), and one with a broken output. */
const probe = router({
  forbidden: procedure.query(() => {
    throw new RequestError('forbidden', 'A manager may not change stock');
  }),
  unauthenticated: procedure.query(() => {
    throw new RequestError('unauthenticated', 'Sign in first');
  }),
  databaseAway: procedure.query(() => {
    throw new StoreUnavailable();
  }),
  brokenOutput: procedure.output(z.object({ n: z.number() })).query(() => ({ n: 'one' }) as never),
});

async function call(path: string, options: { body?: unknown; requestId?: string | null } = {}) {
  const { deps } = fakeApi();
  const isQuery = options.body === undefined;
  const app = router({ app: appRouter, probe });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: isQuery ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(isQuery ? {} : { body: JSON.stringify(options.body) }),
    }),
    router: app,
    createContext: () =>
      createContext(deps, { requestId: options.requestId ?? 'req-1', actor: userOf('operator') }),
  });
  const body = (await response.json()) as { error: { message: string; data: Record<string, unknown> } };
  return { status: response.status, message: body.error.message, data: body.error.data };
}

describe('a tRPC error reply carries the stable code, the field, the field errors and the request id', () => {
  it('a broken domain rule: its code and field, and the status its code translates to', async () => {
    const reply = await call('app.batch.changeQuantity', { body: { ref: 'nope', qty: 1 } });
    expect(reply).toMatchObject({
      status: 404,
      message: 'Unknown batch nope',
      data: {
        code: 'NOT_FOUND',
        errorCode: 'batch.unknown',
        field: 'ref',
        fieldErrors: null,
        requestId: 'req-1',
      },
    });
  });

  it('an input that fails its schema is request.invalid, with its field errors', async () => {
    const reply = await call('app.allocation.allocate', { body: { orderid: 'o1', sku: 'LAMP', qty: 0 } });
    expect(reply).toMatchObject({
      status: 400,
      data: {
        errorCode: 'request.invalid',
        field: null,
        fieldErrors: { qty: ['Quantity must be at least 1'] },
      },
    });
  });

  it('a request error thrown by a check before the procedure (identity) goes through the same table', async () => {
    expect(await call('probe.forbidden')).toMatchObject({
      status: 403,
      message: 'A manager may not change stock',
      data: { code: 'FORBIDDEN', errorCode: 'forbidden', field: null },
    });
    expect(await call('probe.unauthenticated')).toMatchObject({
      status: 401,
      data: { code: 'UNAUTHORIZED', errorCode: 'unauthenticated' },
    });
  });

  it('a product still contended after the retries asks the caller to retry', async () => {
    const { deps, uow } = fakeApi();
    const caller = appRouter.createCaller(createContext(deps, { actor: userOf('operator') }));
    await caller.batch.create({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null });
    uow.simulateConflicts(instantRetry.attempts);
    const error = await caller.allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', message: CONTENDED_MESSAGE });
  });

  it('an absent or timed-out database is SERVICE_UNAVAILABLE (503), with its message', async () => {
    expect(await call('probe.databaseAway')).toMatchObject({
      status: 503,
      message: new StoreUnavailable().message,
      data: { code: 'SERVICE_UNAVAILABLE', errorCode: 'service.unavailable', field: null },
    });
  });

  it("an output that breaks its own schema is our fault: internal, not the caller's bad request", async () => {
    const reply = await call('probe.brokenOutput', { requestId: 'req-9' });
    expect(reply).toMatchObject({
      status: 500,
      data: { code: 'INTERNAL_SERVER_ERROR', errorCode: 'internal', fieldErrors: null, requestId: 'req-9' },
    });
    expect(reply.message).toContain('req-9');
  });

  it('replaces a request id that is not valid', async () => {
    const reply = await call('probe.forbidden', { requestId: 'two words' });
    expect(reply.data.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
