// What a machine client meets at the door: API keys in `Authorization: Bearer`, never a session cookie.
import { bootstrapWithFakes } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, identityWithKeys, startTestServer, type TestServer } from './support/server.ts';

const { identity, keys } = await identityWithKeys();
let server: TestServer;
const system = bootstrapWithFakes();
beforeAll(async () => {
  server = await startTestServer({ ...system, ping: async () => {}, identity: async () => identity });
});
afterAll(async () => server?.close());

const allocation = { orderid: 'order-1', sku: 'SMALL-TABLE', qty: 1 };

describe('API keys on REST', () => {
  it('no key: 401 naming the header to send, before the body is even read', async () => {
    const reply = await client(server.baseUrl).postRaw('/api/allocate', 'not json', {
      'content-type': 'application/json',
    });
    expect(reply).toMatchObject({
      status: 401,
      body: { message: 'This needs an API key: send the header "Authorization: Bearer <key>"' },
    });
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('an unknown key: 401', async () => {
    const reply = await client(server.baseUrl, 'alloc_not-a-key').get('/api/allocations/o1');
    expect(reply).toMatchObject({ status: 401, body: { message: 'This API key is not known' } });
  });

  it('a revoked key stops working at once: 401 naming it', async () => {
    const { key } = await identity.apiKeys.create({
      name: 'soon-revoked',
      role: 'admin',
      createdBy: 'tests',
    });
    const api = client(server.baseUrl, key);
    expect((await api.get('/api/allocations/o1')).status).toBe(404);
    await identity.apiKeys.revoke('soon-revoked');
    expect(await api.get('/api/allocations/o1')).toMatchObject({
      status: 401,
      body: { message: 'The API key "soon-revoked" has been revoked' },
    });
  });

  it("a manager's key reads but may not change stock: 403 naming the role", async () => {
    const api = client(server.baseUrl, keys.manager);
    expect((await api.get('/api/allocations/o1')).status).toBe(404);
    const reply = await api.post('/api/allocate', allocation);
    expect(reply).toMatchObject({
      status: 403,
      body: { message: 'manager-key is a manager; this needs the operator role or higher' },
    });
  });

  it('a signed-in browser session is no key: REST answers 401', async () => {
    const cookie = (await identity.signedIn('admin')).get('cookie') ?? '';
    const reply = await client(server.baseUrl).request('/api/allocate', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(allocation),
    });
    expect(reply.status).toBe(401);
  });

  it("records who changed stock: the key's name, with the request id", async () => {
    const api = client(server.baseUrl, keys.operator);
    await api.addBatch('batch-audit', 'SMALL-TABLE', 10);
    const reply = await api.request('/api/allocate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-audit-1' },
      body: JSON.stringify({ orderid: 'order-audit', sku: 'SMALL-TABLE', qty: 2 }),
    });
    expect(reply.status).toBe(202);
    expect(system.uow.auditRecords.at(-1)).toMatchObject({
      command: 'Allocate',
      actor: { kind: 'api-key', name: 'operator-key' },
      requestId: 'req-audit-1',
      outcome: 'succeeded',
      fields: { orderid: 'order-audit', sku: 'SMALL-TABLE', qty: 2 },
    });
  });

  it("records a known key's forbidden change as refused, with what it tried", async () => {
    const reply = await client(server.baseUrl, keys.manager).post('/api/change_batch_quantity', {
      ref: 'batch-audit',
      qty: 0,
    });
    expect(reply.status).toBe(403);
    expect(system.uow.auditRecords.at(-1)).toMatchObject({
      command: 'ChangeBatchQuantity',
      actor: { kind: 'api-key', name: 'manager-key' },
      outcome: 'refused',
      reason: { code: 'forbidden' },
      fields: { ref: 'batch-audit', qty: 0 },
    });
  });

  it('health and the OpenAPI document need no key', async () => {
    const api = client(server.baseUrl);
    expect(await api.get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await api.get('/api/openapi.json')).status).toBe(200);
  });
});
