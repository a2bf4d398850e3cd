import { bootstrapWithFakes } from '@allocation/domain/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  const system = bootstrapWithFakes();
  server = await startTestServer({
    bus: system.bus,
    views: system.views,
    logger: system.logger,
    ping: async () => {},
    identity: async () => {
      throw new Error('the OpenAPI document needs no identity');
    },
  });
});
afterAll(async () => server?.close());

type Json = Record<string, unknown>;

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('GET /api/openapi.json', () => {
  it('serves an OpenAPI 3.1 document of every endpoint, generated from the shared schemas', async () => {
    const reply = await client(server.baseUrl).get('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = reply.body as Json & { paths: Json; components: { schemas: Record<string, Json> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/add_batch',
      '/api/allocate',
      '/api/allocations/{orderid}',
      '/api/change_batch_quantity',
      '/api/deallocate',
      '/api/health',
      '/api/openapi.json',
    ]);
    const schemas = doc.components.schemas;
    expect(schemas.AddBatchRequest).toMatchObject({
      type: 'object',
      required: ['ref', 'sku', 'qty'],
      properties: {
        ref: { type: 'string', minLength: 1, maxLength: 255 },
        qty: { type: 'integer', minimum: 1 },
        eta: { anyOf: [{ type: 'string', pattern: expect.any(String) }, { type: 'null' }] },
      },
    });
    expect(schemas.AllocateRequest).toMatchObject({ required: ['orderid', 'sku', 'qty'] });
    expect(schemas.DeallocateRequest).toMatchObject({ required: ['orderid', 'sku'] });
    expect(schemas.ChangeBatchQuantityRequest).toMatchObject({
      required: ['ref', 'qty'],
      properties: { qty: { type: 'integer', minimum: 0 } },
    });
    expect(schemas.OrderAllocations).toMatchObject({
      type: 'array',
      items: { required: ['sku', 'batchref'] },
    });
    expect(schemas.Error).toMatchObject({ required: ['message'] });
    for (const schema of Object.values(schemas)) expect(schema).not.toHaveProperty('$schema');
    for (const ref of refsIn(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      expect(schemas, ref).toHaveProperty(name);
    }
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const reply = await client(server.baseUrl).get('/api/openapi.json');
    const validator = new Validator();
    const result = await validator.validate(reply.body as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
});
