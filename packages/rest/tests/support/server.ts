import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLES, type Role } from '@allocation/auth/roles';
import { FakeIdentity } from '@allocation/auth/testing';
import { createRestHandler, type RestContext, toNodeListener } from '../../src/index.ts';

/** An identity with one API key per role, for servers under test. */
export async function identityWithKeys(): Promise<{
  identity: FakeIdentity;
  keys: Readonly<Record<Role, string>>;
}> {
  const identity = new FakeIdentity();
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) {
    keys[role] = (await identity.apiKeys.create({ name: `${role}-key`, role, createdBy: 'tests' })).key;
  }
  return { identity, keys };
}

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

/**
 * A small client in the spirit of the book's `api_client`, sending `key` (if any) as
 * `Authorization: Bearer <key>` unless a request sets its own Authorization.
 */
export function client(baseUrl: string, key?: string) {
  async function send(path: string, init: RequestInit): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (key !== undefined && !headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
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
