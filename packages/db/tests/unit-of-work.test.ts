import {
  Allocate,
  ConcurrencyConflict,
  CreateBatch,
  Deallocate,
  DuplicateBatchReference,
  LINE_ALLOCATED_CHANNEL,
  orderLine,
  Product,
  type StoredMessage,
} from '@allocation/domain';
import { testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { refreshReadModel } from '../src/index.ts';
import { BACKENDS, barrier, busOn, unique, useBackend } from './support.ts';

describe.each(BACKENDS)('unit of work on %s', (backend) => {
  const backendRef = useBackend(backend);
  const db = () => backendRef.db;

  const exists = async (sku: string) =>
    (await db().uow.run((uow) => uow.products.get(sku))).result !== undefined;

  const newProduct = (sku: string, ref = unique('b')) => {
    const product = new Product({ sku });
    product.addBatch(ref, 10, null);
    return product;
  };

  it('writes what the work committed, and returns the events of the products seen', async () => {
    const sku = unique('SOFA');
    const { result, events } = await db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku));
      await uow.commit();
      return 'done';
    });
    expect(result).toBe('done');
    expect(events).toMatchObject([{ type: 'BatchCreated', sku, qty: 10 }]);
    expect(await exists(sku)).toBe(true);
  });

  it('rolls back by default: nothing is written without commit, and no events come out', async () => {
    const sku = unique('SOFA');
    const product = newProduct(sku);
    const { result, events } = await db().uow.run(async (uow) => {
      uow.products.add(product);
      await uow.readModel.outOfStock({ type: 'OutOfStock', sku, orderid: 'o', qty: 1 }, new Date());
      return 42;
    });
    expect(result).toBe(42);
    expect(events).toEqual([]);
    expect(product.events).toHaveLength(1); // left on the product, not handed to the bus
    expect(await exists(sku)).toBe(false);
    expect((await db().views.outOfStockAlerts({ page: 1, pageSize: 10, sku })).total).toBe(0);
  });

  it('rolls back on error, and the error reaches the caller', async () => {
    const sku = unique('SOFA');
    const failure = new Error('boom');
    const run = db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku));
      await uow.readModel.outOfStock({ type: 'OutOfStock', sku, orderid: 'o', qty: 1 }, new Date());
      await uow.commit();
      throw failure;
    });
    await expect(run).rejects.toBe(failure);
    expect(await exists(sku)).toBe(false);
    expect((await db().views.outOfStockAlerts({ page: 1, pageSize: 10, sku })).total).toBe(0);
  });

  it('rolls back after a failed statement and the pool stays usable', async () => {
    const sku = unique('SOFA');
    const ref = unique('b');
    await db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku, ref));
      await uow.commit();
    });
    // A batch reference taken by another sku: only the unique index can tell.
    const clash = db().uow.run(async (uow) => {
      uow.products.add(newProduct(unique('OTHER'), ref));
      await uow.commit();
    });
    await expect(clash).rejects.toBeInstanceOf(DuplicateBatchReference);
    await expect(clash).rejects.toThrow(ref);
    expect(await exists(sku)).toBe(true);
  });

  it('writes the read tables in the same transaction, copying the write model whatever the event says', async () => {
    const sku = unique('CHAIR');
    const ref = unique('b');
    await db().uow.run(async (uow) => {
      const product = new Product({ sku });
      product.addBatch(ref, 5, null);
      product.allocate(orderLine('o1', sku, 2));
      uow.products.add(product);
      // The events are only notices of what to copy: even a wrong quantity copies the truth.
      await uow.readModel.batchCreated({ type: 'BatchCreated', ref, sku, qty: 99, eta: null });
      await uow.readModel.lineAllocated(
        { type: 'Allocated', orderid: 'o1', sku, qty: 99, batchref: ref },
        new Date(),
      );
      await uow.commit();
    });
    expect(await db().views.stockForSku(sku)).toMatchObject([
      { reference: ref, purchased: 5, allocated: 2, available: 3 },
    ]);
    expect(await db().views.allocationsForOrder('o1')).toContainEqual({ sku, qty: 2, batchref: ref });
  });

  it('an event handled late (an older version) never overwrites what a newer one wrote', async () => {
    const sku = unique('CHAIR');
    const ref = unique('b');
    const orderid = unique('o');
    const bus = busOn(db());
    await bus.handle(CreateBatch({ ref, sku, qty: 5, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid, sku, qty: 2 }), testOrigin);
    await bus.handle(Deallocate({ orderid, sku }), testOrigin);
    // Handlers of earlier events that lost the race and commit only now.
    await db().uow.run(async (uow) => {
      await uow.readModel.lineAllocated(
        { type: 'Allocated', orderid, sku, qty: 2, batchref: ref },
        new Date(),
      );
      await uow.readModel.batchCreated({ type: 'BatchCreated', ref, sku, qty: 5, eta: null });
      await uow.commit();
    });
    expect(await db().views.allocationsForOrder(orderid)).toEqual([]);
    expect(await db().views.orderLines(orderid)).toMatchObject([
      { sku, qty: 2, state: 'cancelled', batchref: null },
    ]);
    expect(await db().views.stockForSku(sku)).toMatchObject([{ reference: ref, allocated: 0, available: 5 }]);

    await bus.handle(Allocate({ orderid, sku, qty: 3 }), testOrigin);
    expect(await db().views.allocationsForOrder(orderid)).toEqual([{ sku, qty: 3, batchref: ref }]);
    expect(await db().views.stockForSku(sku)).toMatchObject([{ allocated: 3, available: 2 }]);
  });

  it('an order line keeps the reason it left its batch when a handler without one commits first', async () => {
    const sku = unique('STOOL');
    const ref = unique('b');
    const orderid = unique('o');
    const bus = busOn(db());
    await bus.handle(CreateBatch({ ref, sku, qty: 5, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid, sku, qty: 2 }), testOrigin);
    // The cancellation commits, but its handler is slower than the allocation's late one.
    await db().uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid })) as Product;
      product.deallocate(orderid);
      await uow.commit();
    });
    const at = new Date('2026-12-02T10:00:00Z');
    await db().uow.run(async (uow) => {
      await uow.readModel.lineAllocated({ type: 'Allocated', orderid, sku, qty: 2, batchref: ref }, at);
      await uow.commit();
    });
    expect(await db().views.orderLines(orderid)).toMatchObject([{ state: 'unallocated', batchref: null }]);
    await db().uow.run(async (uow) => {
      await uow.readModel.lineDeallocated({ orderid, sku, qty: 2, batchref: ref }, 'cancelled', at);
      await uow.commit();
    });
    expect(await db().views.orderLines(orderid)).toEqual([
      { sku, qty: 2, state: 'cancelled', batchref: null, at },
    ]);
  });

  it('an out-of-stock handled after the line was allocated after all leaves its alert resolved', async () => {
    const sku = unique('SHELF');
    const ref = unique('b');
    const orderid = unique('o');
    const bus = busOn(db());
    await bus.handle(CreateBatch({ ref, sku, qty: 5, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid, sku, qty: 2 }), testOrigin);
    const at = new Date('2026-12-02T11:00:00Z');
    await db().uow.run(async (uow) => {
      await uow.readModel.outOfStock({ type: 'OutOfStock', orderid, sku, qty: 2 }, at);
      await uow.commit();
    });
    expect((await db().views.outOfStockAlerts({ page: 1, pageSize: 5, sku })).items).toEqual([
      { sku, orderid, qty: 2, at, state: 'resolved', resolvedAt: at },
    ]);
    expect(await db().views.orderLines(orderid)).toMatchObject([{ state: 'allocated', batchref: ref }]);
  });

  it('refreshReadModel brings up to date what a process that died before its event handlers left behind', async () => {
    const sku = unique('DESK');
    const ref = unique('b');
    const bus = busOn(db());
    await bus.handle(CreateBatch({ ref, sku, qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'cancelled', sku, qty: 4 }), testOrigin);
    await refreshReadModel(db().url); // whatever other tests left: from here on only this test's rows
    // Commits whose events were never handled: the read tables still show the earlier state.
    await db().uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'cancelled' })) as Product;
      product.deallocate('cancelled');
      await uow.commit();
    });
    await db().uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'new' })) as Product;
      product.allocate(orderLine('new', sku, 3));
      await uow.commit();
    });
    expect(await db().views.allocationsForOrder('cancelled')).toHaveLength(1);
    expect(await db().views.allocationsForOrder('new')).toEqual([]);

    expect(await refreshReadModel(db().url)).toEqual({ batches: 1, lines: 2 });

    expect(await db().views.allocationsForOrder('cancelled')).toEqual([]);
    expect(await db().views.allocationsForOrder('new')).toEqual([{ sku, qty: 3, batchref: ref }]);
    expect(await db().views.stockForSku(sku)).toMatchObject([{ reference: ref, allocated: 3, available: 7 }]);
    expect(await refreshReadModel(db().url)).toEqual({ batches: 0, lines: 0 }); // nothing behind any more
  });

  it('refreshReadModel counts only rows that showed something else, not rows whose version stamp lagged', async () => {
    const sku = unique('SHELF');
    const bus = busOn(db());
    await refreshReadModel(db().url); // whatever other tests left
    // Two batches, then an allocation: its handler copies the batch it touched with the product's new
    // version; the other batch's row keeps the older version but shows exactly what the write model holds.
    await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: '2031-01-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: unique('o'), sku, qty: 2 }), testOrigin);

    expect(await refreshReadModel(db().url)).toEqual({ batches: 0, lines: 0 });
  });

  it('stores the outgoing messages of committed events in the outbox, once', async () => {
    const sku = unique('LAMP');
    const ref = unique('b');
    await db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku, ref));
      await uow.commit();
    });
    await db().uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'o1' })) as Product;
      product.allocate(orderLine('o1', sku, 3));
      await uow.commit();
    });
    await db().uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'o2' })) as Product;
      product.allocate(orderLine('o2', sku, 1));
      // no commit
    });
    const sent: StoredMessage[] = [];
    while ((await db().outbox.relay(100, async (messages) => void sent.push(...messages))) > 0) {}
    expect(sent.filter((m) => m.payload.sku === sku)).toEqual([
      expect.objectContaining({
        channel: LINE_ALLOCATED_CHANNEL,
        payload: { orderid: 'o1', sku, qty: 3, batchref: ref },
      }),
    ]);
  });

  it('keeps an inbox key only with a committed unit of work, and refuses it ever after', async () => {
    const key = unique('stream:entry');
    const accept = (commit: boolean) =>
      db().uow.run(async (uow) => {
        const first = await uow.inbox.accept(key);
        if (commit) await uow.commit();
        return first;
      });
    expect((await accept(false)).result).toBe(true); // rolled back: not kept
    expect((await accept(true)).result).toBe(true);
    expect((await accept(true)).result).toBe(false);
    expect(await db().prisma.inboxMessage.count({ where: { key } })).toBe(1);
  });

  it('translates a write that lost to a concurrent one into ConcurrencyConflict', async () => {
    const sku = unique('LAMP');
    await db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku));
      await uow.commit();
    });
    // Someone else created the same product meanwhile: the new one cannot be inserted.
    const twin = db().uow.run(async (uow) => {
      uow.products.add(newProduct(sku));
      await uow.commit();
    });
    await expect(twin).rejects.toBeInstanceOf(ConcurrencyConflict);
  });
});

describe('inbox under concurrency', () => {
  const backendRef = useBackend('postgres');

  it('two units of work accepting the same key at once: one gets it, the other conflicts or is refused', async () => {
    const key = unique('stream:entry');
    const arrive = barrier(2);
    const attempt = () =>
      backendRef.db.uow.run(async (uow) => {
        await arrive();
        const first = await uow.inbox.accept(key);
        await new Promise((r) => setTimeout(r, 50));
        await uow.commit();
        return first;
      });
    const outcomes = await Promise.allSettled([attempt(), attempt()]);
    const accepted = outcomes.filter((o) => o.status === 'fulfilled' && o.value.result === true);
    const others = outcomes.filter((o) => !(o.status === 'fulfilled' && o.value.result === true));
    expect(accepted).toHaveLength(1);
    expect(others).toHaveLength(1);
    const other = others[0];
    if (other?.status === 'rejected') expect(other.reason).toBeInstanceOf(ConcurrencyConflict);
    else expect(other?.value.result).toBe(false);
    expect(await backendRef.db.prisma.inboxMessage.count({ where: { key } })).toBe(1);
  });
});

describe('unit of work without outbox', () => {
  const backendRef = useBackend('postgres', { writeOutbox: false });

  it('writes no outbox rows', async () => {
    const sku = unique('LAMP');
    await backendRef.db.uow.run(async (uow) => {
      const product = new Product({ sku });
      product.addBatch(unique('b'), 10, null);
      product.allocate(orderLine('o1', sku, 3));
      uow.products.add(product);
      await uow.commit();
    });
    expect(await backendRef.db.outbox.relay(10, async () => {})).toBe(0);
  });
});
