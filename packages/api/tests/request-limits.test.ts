import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from '@allocation/contracts';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { appRouter, boundedTrpcRequest, createContext } from '../src/index.ts';
import { fakeApi, userOf } from './support.ts';

const ENDPOINT = '/api/trpc';

/** What the web app's route does: the bounds first, then tRPC. */
async function serve(request: Request): Promise<{ status: number; body: unknown }> {
  const { deps } = fakeApi();
  const req = await boundedTrpcRequest(request, ENDPOINT);
  const response =
    req instanceof Response
      ? req
      : await fetchRequestHandler({
          endpoint: ENDPOINT,
          req,
          router: appRouter,
          maxBatchSize: MAX_BATCH_CALLS,
          createContext: () => createContext(deps, { requestId: 'req-1', actor: userOf('operator') }),
        });
  return { status: response.status, body: await response.json() };
}

const batchOf = (count: number) => {
  const paths = Array.from({ length: count }, () => 'stock.forSku').join(',');
  const input = Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { sku: 'LAMP' }]));
  return new Request(
    `http://localhost${ENDPOINT}/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
  );
};

const allocate = (sku: string) =>
  new Request(`http://localhost${ENDPOINT}/allocation.allocate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderid: 'o1', sku, qty: 1 }),
  });

describe('the bounds of a tRPC request', () => {
  it(`answers a batch of ${MAX_BATCH_CALLS} calls, and refuses one more with 413 naming the limit`, async () => {
    const within = await serve(batchOf(MAX_BATCH_CALLS));
    expect(within.status).toBe(200);
    expect(within.body).toHaveLength(MAX_BATCH_CALLS);
    const over = await serve(batchOf(MAX_BATCH_CALLS + 1));
    expect(over).toEqual({
      status: 413,
      body: {
        error: expect.objectContaining({
          message: `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one carries ${MAX_BATCH_CALLS + 1}`,
          data: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', errorCode: 'request.too_large' }),
        }),
      },
    });
  });

  it('passes a body within the limit on to tRPC, read once', async () => {
    const reply = await serve(allocate('NOPE'));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { message: 'Invalid sku NOPE' } });
  });

  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413, declared or not`, async () => {
    const declared = await serve(allocate('x'.repeat(MAX_BODY_BYTES)));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({
      error: {
        message: `Request body is larger than ${MAX_BODY_BYTES} bytes`,
        data: { errorCode: 'request.too_large' },
      },
    });
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const undeclared = new Request(`http://localhost${ENDPOINT}/allocation.allocate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await serve(undeclared)).status).toBe(413);
  });
});
