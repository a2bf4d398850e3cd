import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRestHandler, type RestContext, toNodeListener } from '../../src/index.ts';

export interface TestServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The REST API on a real node:http server on an ephemeral 127.0.0.1 port. */
export async function startTestServer(ctx: RestContext): Promise<TestServer> {
  const server: Server = createServer(toNodeListener(createRestHandler(ctx)));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A small client in the spirit of the book's `api_client`. */
export function client(baseUrl: string) {
  async function send(path: string, init: RequestInit): Promise<Reply> {
    const response = await fetch(`${baseUrl}${path}`, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the test will say so
    }
    return { status: response.status, headers: response.headers, body };
  }
  return {
    post: (path: string, json: unknown) =>
      send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      }),
    postRaw: (path: string, body: RequestInit['body'], headers: Record<string, string> = {}) =>
      send(path, { method: 'POST', headers, body }),
    get: (path: string, headers: Record<string, string> = {}) => send(path, { method: 'GET', headers }),
    request: send,
    addBatch: (ref: string, sku: string, qty: number, eta: string | null = null) =>
      send('/api/add_batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ref, sku, qty, eta }),
      }),
    allocate: (orderid: string, sku: string, qty: number) =>
      send('/api/allocate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderid, sku, qty }),
      }),
  };
}

let counter = 0;
/** Unique names, so no test depends on another's data. */
export const unique = (prefix: string) =>
  `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
