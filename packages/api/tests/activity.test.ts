import type { Actor } from '@allocation/auth/roles';
import { describe, expect, it } from 'vitest';
import { createCaller } from '../src/index.ts';
import { fakeApi, rejection } from './support.ts';

const olive: Actor = { kind: 'user', id: 'u1', name: 'Olive Operator', role: 'operator' };
const mia: Actor = { kind: 'user', id: 'u2', name: 'Mia Manager', role: 'manager' };
const scanner: Actor = { kind: 'api-key', id: 'k1', name: 'warehouse-scanner', role: 'operator' };

/** The API on fakes, with a caller per actor. */
function activityApi() {
  const fake = fakeApi();
  const as = (actor: Actor | undefined, requestId = 'req-1') =>
    createCaller(fake.deps, { requestId, ...(actor ? { actor } : {}) });
  return { ...fake, as };
}

describe('the activity view (activity.list)', () => {
  it('shows who allocated an order, under which request, and the batch chosen', async () => {
    const { as } = activityApi();
    await as(olive).batch.create({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null });
    await as(scanner, 'req-2').allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 });
    const page = await as(mia).activity.list({ orderid: 'o1' });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      at: '2026-01-01T09:00:00.000Z',
      actor: { kind: 'api-key', id: 'k1', name: 'warehouse-scanner' },
      requestId: 'req-2',
      command: 'Allocate',
      fields: { orderid: 'o1', sku: 'LAMP', qty: 2 },
      outcome: 'succeeded',
      result: { status: 'allocated', batchref: 'b1' },
      reason: null,
    });
  });

  it('lists newest first with a total, filters by actor, command, batch and time, and pages', async () => {
    const { as, clock } = activityApi();
    await as(olive).batch.create({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null });
    clock.advance(60_000);
    await as(scanner).allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 });
    clock.advance(60_000);
    await as(olive).allocation.allocate({ orderid: 'o2', sku: 'LAMP', qty: 3 });
    const all = await as(mia).activity.list({ pageSize: 2 });
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.fields.orderid ?? item.fields.ref)).toEqual(['o2', 'o1']);
    expect((await as(mia).activity.list({ page: 2, pageSize: 2 })).items).toHaveLength(1);
    expect((await as(mia).activity.list({ actor: 'OLIVE' })).total).toBe(2);
    expect((await as(mia).activity.list({ command: 'CreateBatch' })).total).toBe(1);
    expect((await as(mia).activity.list({ batchref: 'b1' })).total).toBe(3);
    const range = await as(mia).activity.list({
      from: '2026-01-01T09:01:00.000Z',
      to: '2026-01-01T09:01:30.000Z',
    });
    expect(range.items.map((item) => item.actor.name)).toEqual(['warehouse-scanner']);
  });

  it('records a refused command with its reason', async () => {
    const { as } = activityApi();
    const error = await rejection(as(olive).allocation.allocate({ orderid: 'o1', sku: 'NOPE', qty: 1 }));
    expect(error.code).toBe('BAD_REQUEST');
    const page = await as(mia).activity.list({ sku: 'NOPE' });
    expect(page.items).toMatchObject([
      {
        actor: { name: 'Olive Operator' },
        outcome: 'refused',
        result: null,
        reason: { code: 'sku.unknown', message: 'Invalid sku NOPE' },
      },
    ]);
  });

  it('records a change a role may not make, refused before the bus, with the reason', async () => {
    const { as } = activityApi();
    const error = await rejection(
      as(mia, 'req-7').allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }),
    );
    expect(error.code).toBe('FORBIDDEN');
    const page = await as(mia).activity.list({});
    expect(page.items).toMatchObject([
      {
        actor: { kind: 'user', id: 'u2', name: 'Mia Manager' },
        requestId: 'req-7',
        command: 'Allocate',
        fields: { orderid: 'o1', sku: 'LAMP', qty: 1 },
        outcome: 'refused',
        reason: { code: 'forbidden', message: error.message },
      },
    ]);
  });

  it('records a change from a page of another origin as forbidden', async () => {
    const { deps, as } = activityApi();
    const crossSite = createCaller(deps, { actor: olive, crossOrigin: true, requestId: 'req-x' });
    await rejection(crossSite.batch.create({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }));
    expect((await as(mia).activity.list({ command: 'CreateBatch' })).items).toMatchObject([
      { outcome: 'refused', reason: { code: 'forbidden' }, actor: { name: 'Olive Operator' } },
    ]);
  });

  it('records nothing for an anonymous caller, who has no identity to record', async () => {
    const { as, uow } = activityApi();
    const error = await rejection(as(undefined).allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(uow.auditRecords).toEqual([]);
  });

  it('is for managers and up: a refused read is not a command and is not recorded', async () => {
    const { as, uow } = activityApi();
    expect((await rejection(as(undefined).activity.list({}))).code).toBe('UNAUTHORIZED');
    expect((await as(mia).activity.list({})).total).toBe(0);
    expect(uow.auditRecords).toEqual([]);
  });

  it('refuses filters that break the field rules, naming the field', async () => {
    const { as } = activityApi();
    const error = await rejection(
      as(mia).activity.list({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('to: The end of the time range must not be before its start');
    const command = await rejection(as(mia).activity.list({ command: 'DropTables' as 'Allocate' }));
    expect(command.message).toContain('command');
  });
});
