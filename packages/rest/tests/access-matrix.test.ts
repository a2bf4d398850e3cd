// The authorization matrix, generated from the route table: every route and method is tried without
// a key and with a key of each role. A new route without a declared role, or a role not enforced,
// fails here.
import { ROLES, type Role } from '@allocation/auth/roles';
import { bootstrapWithFakes } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, endpoints } from '../src/index.ts';
import { client, identityWithKeys, startTestServer, type TestServer } from './support/server.ts';

/** Public by the rule: load balancers and API tooling call these without a key. */
const PUBLIC = ['GET /api/health', 'GET /api/openapi.json'];

const { identity, keys } = await identityWithKeys();
let server: TestServer;
beforeAll(async () => {
  const system = bootstrapWithFakes();
  server = await startTestServer({ ...system, ping: async () => {}, identity: async () => identity });
});
afterAll(async () => server?.close());

const endpointsToTry = endpoints.map((endpoint) => ({
  ...endpoint,
  /** A concrete path: each `{name}` segment filled in. */
  url: endpoint.path.replace(/\{[^}]+\}/g, 'order-1'),
}));

const callers: readonly (Role | 'anonymous')[] = ['anonymous', ...ROLES];

function expectedStatus(access: Role | 'public', caller: Role | 'anonymous'): 401 | 403 | 'served' {
  if (access === 'public') return 'served';
  if (caller === 'anonymous') return 401;
  return ROLES.indexOf(caller) >= ROLES.indexOf(access) ? 'served' : 403;
}

describe('REST authorization matrix', () => {
  it('covers every route', () => {
    expect(endpointsToTry.length).toBeGreaterThanOrEqual(7);
  });

  it.each(endpoints)(
    '$method $path declares a role: GET needs manager, POST operator, the rest are public',
    ({ method, path, access }) => {
      if (PUBLIC.includes(`${method} ${path}`)) expect(access).toBe('public');
      else expect(access).toBe(method === 'GET' ? 'manager' : 'operator');
    },
  );

  const cases = endpointsToTry.flatMap((endpoint) => callers.map((caller) => ({ ...endpoint, caller })));

  it.each(cases)('$method $path as $caller', async ({ method, url, access, caller }) => {
    const api = client(server.baseUrl, caller === 'anonymous' ? undefined : keys[caller]);
    const reply = await api.request(url, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    const expected = expectedStatus(access, caller);
    if (expected === 'served') {
      expect(reply.status).not.toBe(401);
      expect(reply.status).not.toBe(403);
    } else {
      expect(reply.status).toBe(expected);
      expect(reply.body).toEqual({ message: expect.any(String) });
      if (expected === 401) expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('the OpenAPI document declares each route with the role the route enforces', () => {
    const doc = buildOpenApiDocument() as {
      security: unknown;
      paths: Record<string, Record<string, { security?: unknown[]; 'x-required-role'?: string }>>;
    };
    expect(doc.security).toEqual([{ apiKey: [] }]);
    for (const { method, path, access } of endpoints) {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path} is in the OpenAPI document`).toBeDefined();
      if (access === 'public') expect(operation?.security).toEqual([]);
      else expect(operation?.['x-required-role']).toBe(access);
    }
  });
});
