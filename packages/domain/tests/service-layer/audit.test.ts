import { describe, expect, it } from 'vitest';
import {
  Allocate,
  actorOrigin,
  auditableFields,
  ChangeBatchQuantity,
  CreateBatch,
  Deallocate,
  serviceOrigin,
} from '../../src/index.ts';
import { bootstrapWithFakes, testOrigin, userOrigin } from '../../src/testing/index.ts';

const olive = userOrigin('Olive Operator', 'req-1');
const page = { page: 1, pageSize: 50 };

describe('the audit trail', () => {
  it('records who created a batch, when, under which request, and the batch created', async () => {
    const { bus, uow, clock } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: '2026-05-01' }), olive);
    expect(uow.auditRecords).toEqual([
      {
        id: '1',
        at: clock.now(),
        actor: { kind: 'user', id: 'user-olive-operator', name: 'Olive Operator' },
        requestId: 'req-1',
        command: 'CreateBatch',
        fields: { ref: 'b1', sku: 'LAMP', qty: 10, eta: '2026-05-01' },
        outcome: 'succeeded',
        result: { ref: 'b1', sku: 'LAMP', qty: 10, eta: '2026-05-01' },
        reason: null,
        subjects: { skus: ['LAMP'], orderids: [], batchrefs: ['b1'] },
      },
    ]);
  });

  it('records the batch an allocation chose, and an out-of-stock outcome', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), olive);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 40 }), olive);
    const [, chosen, none] = uow.auditRecords;
    expect(chosen).toMatchObject({
      command: 'Allocate',
      actor: { name: 'Olive Operator' },
      outcome: 'succeeded',
      result: { status: 'allocated', batchref: 'b1' },
      subjects: { skus: ['LAMP'], orderids: ['o1'], batchrefs: ['b1'] },
    });
    expect(none).toMatchObject({ outcome: 'succeeded', result: { status: 'out_of_stock' } });
    expect(none?.subjects.batchrefs).toEqual([]);
  });

  it('records the lines a quantity change moved, under the batches they left and reached', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'wh', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'ship', sku: 'LAMP', qty: 10, eta: '2026-05-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 6 }), testOrigin);
    const redis = serviceOrigin('redis:change_batch_quantity');
    await bus.handle(ChangeBatchQuantity({ ref: 'wh', qty: 2 }), redis);
    expect(uow.auditRecords.at(-1)).toMatchObject({
      actor: { kind: 'service', id: null, name: 'redis:change_batch_quantity' },
      command: 'ChangeBatchQuantity',
      fields: { ref: 'wh', qty: 2 },
      result: { ref: 'wh', qty: 2, moved: [{ orderid: 'o1', sku: 'LAMP', qty: 6, from: 'wh', to: 'ship' }] },
      subjects: { skus: ['LAMP'], orderids: ['o1'], batchrefs: ['wh', 'ship'] },
    });
  });

  it('records a deallocation with the batch the line left', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin);
    await bus.handle(Deallocate({ orderid: 'o1', sku: 'LAMP' }), olive);
    expect(uow.auditRecords.at(-1)).toMatchObject({
      command: 'Deallocate',
      outcome: 'succeeded',
      result: { orderid: 'o1', sku: 'LAMP', qty: 4, batchref: 'b1' },
    });
  });

  it('records only commands: the events they cause (re-allocation, read model) add no record', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin);
    expect(uow.auditRecords.map((record) => record.command)).toEqual(['CreateBatch', 'Allocate']);
  });

  it('records a refused command with the reason, and the caller still hears the refusal', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await expect(bus.handle(Allocate({ orderid: 'o1', sku: 'NOPE', qty: 1 }), olive)).rejects.toThrow(
      'Invalid sku NOPE',
    );
    expect(uow.auditRecords).toMatchObject([
      {
        command: 'Allocate',
        actor: { name: 'Olive Operator' },
        requestId: 'req-1',
        outcome: 'refused',
        result: null,
        reason: { code: 'sku.unknown', message: 'Invalid sku NOPE' },
        subjects: { skus: ['NOPE'], orderids: ['o1'], batchrefs: [] },
      },
    ]);
  });

  it('records a batch reference already taken as refused, and keeps nothing of the refused change', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await expect(
      bus.handle(CreateBatch({ ref: 'b1', sku: 'RUG', qty: 1, eta: null }), olive),
    ).rejects.toThrow();
    expect(uow.products.has('RUG')).toBe(false);
    expect(uow.auditRecords.at(-1)).toMatchObject({
      outcome: 'refused',
      reason: { code: 'batch.reference_taken' },
    });
  });

  it('records a command that kept conflicting as refused with product.contended, and no success', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    uow.simulateConflicts(3);
    await expect(bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), olive)).rejects.toThrow();
    const allocations = uow.auditRecords.filter((record) => record.command === 'Allocate');
    expect(allocations).toMatchObject([{ outcome: 'refused', reason: { code: 'product.contended' } }]);
  });

  it('keeps one success record for a command that committed on a retry', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    uow.simulateConflicts(1);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), olive);
    const allocations = uow.auditRecords.filter((record) => record.command === 'Allocate');
    expect(allocations).toMatchObject([{ outcome: 'succeeded' }]);
  });

  it('writes nothing of a unit of work that rolls back: no record without its change', async () => {
    const { uow, clock } = bootstrapWithFakes();
    await uow.run(async (work) => {
      await work.audit.record({
        at: clock.now(),
        actor: testOrigin.actor,
        requestId: null,
        command: 'Allocate',
        fields: {},
        outcome: 'succeeded',
        result: null,
        reason: null,
        subjects: { skus: [], orderids: [], batchrefs: [] },
      });
    });
    expect(uow.auditRecords).toEqual([]);
  });

  it('records a repeated message (which changes nothing) as succeeded, on its own', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    const redis = serviceOrigin('redis:change_batch_quantity', 'entry-1');
    await bus.handle(ChangeBatchQuantity({ ref: 'b1', qty: 5, idempotencyKey: 'k1' }), redis);
    await bus.handle(ChangeBatchQuantity({ ref: 'b1', qty: 5, idempotencyKey: 'k1' }), redis);
    expect(uow.auditRecords.slice(-2)).toMatchObject([
      { outcome: 'succeeded', result: { ref: 'b1', qty: 5, moved: [] } },
      { outcome: 'succeeded', result: { repeated: true } },
    ]);
  });

  it('records a call a transport refused before the bus, with its reason', async () => {
    const { bus, uow } = bootstrapWithFakes();
    const manager = {
      actor: { kind: 'user', id: 'user-mia', name: 'Mia Manager' },
      requestId: 'req-9',
    } as const;
    await bus.recordRefusal({
      command: 'Allocate',
      fields: { orderid: 'o1', sku: 'LAMP', qty: 1 },
      origin: manager,
      code: 'forbidden',
      message: 'Your role (manager) may not do this',
    });
    expect(uow.auditRecords).toMatchObject([
      {
        actor: { name: 'Mia Manager' },
        command: 'Allocate',
        outcome: 'refused',
        reason: { code: 'forbidden', message: 'Your role (manager) may not do this' },
        subjects: { skus: ['LAMP'], orderids: ['o1'] },
      },
    ]);
  });

  it('dates each record by the injected clock', async () => {
    const { bus, uow, clock } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    clock.advance(60_000);
    await bus.handle(CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    expect(uow.auditRecords.map((record) => record.at.toISOString())).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T09:01:00.000Z',
    ]);
  });
});

describe('the activity view', () => {
  async function history() {
    const system = bootstrapWithFakes();
    const { bus, clock } = system;
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), userOrigin('Ada Admin'));
    clock.advance(1000);
    await bus.handle(CreateBatch({ ref: 'b2', sku: 'RUG', qty: 10, eta: null }), userOrigin('Ada Admin'));
    clock.advance(1000);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), olive);
    clock.advance(1000);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'RUG', qty: 1 }), olive);
    return system;
  }

  it('lists newest first with the total and a page', async () => {
    const { uow } = await history();
    const first = await uow.activity({ page: 1, pageSize: 3 });
    expect(first.total).toBe(4);
    expect(first.items.map((record) => record.fields)).toEqual([
      { orderid: 'o2', sku: 'RUG', qty: 1 },
      { orderid: 'o1', sku: 'LAMP', qty: 1 },
      { ref: 'b2', sku: 'RUG', qty: 10, eta: null },
    ]);
    const second = await uow.activity({ page: 2, pageSize: 3 });
    expect(second.items.map((record) => record.command)).toEqual(['CreateBatch']);
  });

  it('filters by actor (part of the name, any case), command, sku, order, batch and time', async () => {
    const { uow, clock } = await history();
    const commands = async (query: Parameters<typeof uow.activity>[0]) =>
      (await uow.activity(query)).items.map((record) => `${record.command}:${record.actor.name}`);
    expect(await commands({ ...page, actor: 'olive' })).toEqual([
      'Allocate:Olive Operator',
      'Allocate:Olive Operator',
    ]);
    expect(await commands({ ...page, command: 'CreateBatch' })).toHaveLength(2);
    expect(await commands({ ...page, sku: 'LAMP' })).toEqual([
      'Allocate:Olive Operator',
      'CreateBatch:Ada Admin',
    ]);
    expect(await commands({ ...page, orderid: 'o2' })).toEqual(['Allocate:Olive Operator']);
    expect(await commands({ ...page, batchref: 'b1' })).toEqual([
      'Allocate:Olive Operator',
      'CreateBatch:Ada Admin',
    ]);
    const now = clock.now().getTime();
    expect(await commands({ ...page, from: new Date(now - 2000), to: new Date(now - 1000) })).toEqual([
      'Allocate:Olive Operator',
      'CreateBatch:Ada Admin',
    ]);
  });
});

describe('what a transport hands the audit trail', () => {
  it('names a person or a key by id and name only', () => {
    const key = { kind: 'api-key', id: 'k1', name: 'scanner', role: 'operator', secret: 'x' } as const;
    expect(actorOrigin(key, 'req-1')).toEqual({
      actor: { kind: 'api-key', id: 'k1', name: 'scanner' },
      requestId: 'req-1',
    });
  });

  it('keeps the top-level scalar fields of a refused call, strings cut short', () => {
    expect(auditableFields({ orderid: 'o1', qty: 2, nested: { a: 1 }, long: 'x'.repeat(500) })).toEqual({
      orderid: 'o1',
      qty: 2,
      long: 'x'.repeat(200),
    });
    expect(auditableFields('not an object')).toEqual({});
    expect(auditableFields([1, 2])).toEqual({});
  });
});
