// The custom server's own path (apps/web/server): which requests skip Next, and that what it answers
// itself carries the same headers and limits as Next's routes, and drains on shutdown.
import type { AddressInfo } from 'node:net';
import { createFakeApp } from '@allocation/composition-root';
import { MAX_BODY_BYTES } from '@allocation/contracts';
import { allocate, withContext } from '@allocation/rest';
import { afterEach, describe, expect, it } from 'vitest';
import nextConfig from '../next.config';
import { API_RESPONSE_HEADERS } from '../server/api-headers';
import { directRoutes } from '../server/direct-routes';
import { closeGracefully, createWebServer, type FetchHandler } from '../server/web-server';

const servers: import('node:http').Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => closeGracefully(server, 100)));
});

async function serve(direct: Parameters<typeof createWebServer>[0]['direct']) {
  const server = createWebServer({
    next: async (_req, res) => {
      res.end('answered by next');
    },
    direct,
    headers: API_RESPONSE_HEADERS,
    onError: () => {},
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const fake = createFakeApp();
const restAllocate = withContext(async () => fake, allocate);
const onlyAllocate = (method: string, pathname: string) =>
  method === 'POST' && pathname === '/api/allocate' ? restAllocate : undefined;

describe('the custom server', () => {
  it('gives its own /api responses exactly the headers next.config.ts gives /api routes', async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const forApi = rules
      .filter((rule) => rule.source === '/:path*' || rule.source === '/api/:path*')
      .flatMap((rule) => rule.headers);
    expect([...API_RESPONSE_HEADERS]).toEqual(forApi);

    const { url } = await serve(onlyAllocate);
    const response = await fetch(`${url}/api/allocate`, { method: 'POST' });
    expect(response.status).toBe(401);
    for (const { key, value } of API_RESPONSE_HEADERS) expect(response.headers.get(key)).toBe(value);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a body over the limit with 413, reading no more of it than the limit', async () => {
    const key = (
      await (await fake.identity()).apiKeys.create({ name: 'big', role: 'operator', createdBy: 't' })
    ).key;
    const { url } = await serve(onlyAllocate);
    const response = await fetch(`${url}/api/allocate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      // Chunked (no Content-Length), so only reading tells how large it is.
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(MAX_BODY_BYTES / 2).fill(32));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: `Request body is larger than ${MAX_BODY_BYTES} bytes` });
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('aborts what a handler streams when the browser goes away, and nothing it answered in full', async () => {
    const signals: AbortSignal[] = [];
    const streaming: FetchHandler = async (request) => {
      signals.push(request.signal);
      return new Response(
        new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': open\n\n')) }),
        {
          headers: { 'content-type': 'text/event-stream' },
        },
      );
    };
    const answering: FetchHandler = async (request) => {
      signals.push(request.signal);
      return Response.json({ ok: true });
    };
    const { url } = await serve((_method, pathname) => (pathname === '/api/stream' ? streaming : answering));
    expect(await (await fetch(`${url}/api/answer`)).json()).toEqual({ ok: true });
    const leaving = new AbortController();
    const stream = await fetch(`${url}/api/stream`, { signal: leaving.signal });
    await stream.body?.getReader().read();
    leaving.abort();
    await expect.poll(() => signals[1]?.aborted).toBe(true);
    expect(signals[0]?.aborted).toBe(false);
  });

  it('hands everything it does not serve itself to Next', async () => {
    const { url } = await serve(onlyAllocate);
    expect(await (await fetch(`${url}/api/allocate`)).text()).toBe('answered by next');
    expect(await (await fetch(`${url}/sign-in`)).text()).toBe('answered by next');
  });

  it('serves the REST table and tRPC procedures itself; other methods and paths stay with Next', () => {
    const trpc: FetchHandler = async () => new Response('trpc');
    const routes = directRoutes({ GET: trpc, POST: trpc });
    expect(routes('POST', '/api/allocate')).toBeTypeOf('function');
    expect(routes('POST', '/api/add_batch')).toBeTypeOf('function');
    expect(routes('GET', '/api/allocations/order-1')).toBeTypeOf('function');
    expect(routes('GET', '/api/health')).toBeTypeOf('function');
    expect(routes('POST', '/api/trpc/allocation.allocate')).toBe(trpc);
    expect(routes('GET', '/api/trpc/batch.list,stock.summary')).toBe(trpc);
    for (const [method, path] of [
      ['GET', '/api/allocate'], // 405 from the route file
      ['OPTIONS', '/api/allocate'],
      ['HEAD', '/api/health'],
      ['POST', '/api/allocate/'], // Next's trailing-slash redirect
      ['GET', '/api/openapi.json'], // prerendered by Next
      ['POST', '/api/auth/sign-in/email'],
      ['POST', '/api/trpc/a/b'],
      ['GET', '/api/unknown'],
      ['GET', '/'],
    ] as const) {
      expect(routes(method, path), `${method} ${path}`).toBeUndefined();
    }
  });

  it('on shutdown stops accepting and lets the request in flight finish', async () => {
    let release: (() => void) | undefined;
    const slow: FetchHandler = () =>
      new Promise((resolve) => {
        release = () => resolve(new Response('finished'));
      });
    const { server, url } = await serve((_method, pathname) => (pathname === '/api/slow' ? slow : undefined));
    const inFlight = fetch(`${url}/api/slow`, { method: 'POST' });
    await expect.poll(() => release).toBeTypeOf('function');
    const closed = closeGracefully(server, 5_000);
    await expect(fetch(`${url}/api/slow`, { method: 'POST' })).rejects.toThrow();
    release?.();
    expect(await (await inFlight).text()).toBe('finished');
    await closed;
  });
});
