/**
 * What every unit of work and product repository must do, written once and run against each
 * adapter (the in-memory fakes, PostgreSQL, PGlite, CSV files). Only what the ports promise is
 * asserted: an adapter may load more lines than asked for, never fewer.
 */
import { randomBytes } from 'node:crypto';
import {
  type ActivityViews,
  type AuditEntry,
  type Batch,
  type CalendarDate,
  ConcurrencyConflict,
  orderLine,
  Product,
  type UnitOfWorkFactory,
} from '@allocation/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export interface OpenedStore {
  readonly uow: UnitOfWorkFactory;
  /** The audit trail as the Activity view reads it: what committed units of work recorded. */
  readonly activity: ActivityViews;
  close(): Promise<void>;
}

export interface UnitOfWorkContractOptions {
  /** A fresh, empty store, used by every test of the suite and closed after them. */
  open(): Promise<OpenedStore>;
  /**
   * False for a store that runs one transaction at a time (PGlite: others wait), where two units
   * of work cannot both have read before either commits; the conflict test is then skipped.
   */
  readonly interleavesTransactions: boolean;
}

/** Unique names, so the tests of one store never see each other's data. */
const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;
const eta = (day: string) => day as CalendarDate;

export function describeUnitOfWorkContract(name: string, options: UnitOfWorkContractOptions): void {
  describe(`the unit-of-work contract on ${name}`, () => {
    let store: OpenedStore | undefined;
    beforeAll(async () => {
      store = await options.open();
    });
    afterAll(async () => {
      await store?.close();
    });
    const uow = (): UnitOfWorkFactory => {
      if (!store) throw new Error('store not open yet');
      return store.uow;
    };

    const activity = (): ActivityViews => {
      if (!store) throw new Error('store not open yet');
      return store.activity;
    };

    const load = async (sku: string, orderid?: string) =>
      (await uow().run((work) => work.products.get(sku, orderid ? { orderid } : {}))).result;
    const loadByBatch = async (reference: string) =>
      (await uow().run((work) => work.products.getByBatchRef(reference))).result;

    /** A warehouse batch of 10 and a shipment of 50, with three orders allocated: version 5. */
    async function saveProductWithHistory() {
      const sku = unique('LAMP');
      const [warehouse, shipment] = [unique('wh'), unique('ship')];
      await uow().run(async (work) => {
        const product = new Product({ sku });
        product.addBatch(warehouse, 10, null);
        product.addBatch(shipment, 50, eta('2026-12-01'));
        work.products.add(product);
        product.allocate(orderLine('order-1', sku, 4));
        product.allocate(orderLine('order-2', sku, 5));
        product.allocate(orderLine('order-3', sku, 7)); // only the shipment has room
        await work.commit();
      });
      return { sku, warehouse, shipment };
    }

    const newProduct = (sku: string) => {
      const product = new Product({ sku });
      product.addBatch(unique('b'), 10, null);
      return product;
    };

    it('writes what the work committed and hands back the events of the products it saw', async () => {
      const sku = unique('SOFA');
      const { result, events } = await uow().run(async (work) => {
        work.products.add(newProduct(sku));
        await work.commit();
        return 'done';
      });
      expect(result).toBe('done');
      expect(events).toMatchObject([{ type: 'BatchCreated', sku, qty: 10 }]);
      expect(await load(sku)).toBeInstanceOf(Product);
    });

    it('rolls back by default: nothing is written without commit, and no events come out', async () => {
      const sku = unique('SOFA');
      const product = newProduct(sku);
      const { result, events } = await uow().run(async (work) => {
        work.products.add(product);
        return 42;
      });
      expect(result).toBe(42);
      expect(events).toEqual([]);
      expect(product.events).toHaveLength(1); // left on the product, not handed to the bus
      expect(await load(sku)).toBeUndefined();
    });

    it('rolls back when the work throws, even after commit was called, and the error reaches the caller', async () => {
      const sku = unique('SOFA');
      const failure = new Error('boom');
      const run = uow().run(async (work) => {
        work.products.add(newProduct(sku));
        await work.commit();
        throw failure;
      });
      await expect(run).rejects.toBe(failure);
      expect(await load(sku)).toBeUndefined();
    });

    it('loads a product with every batch, each with its allocated total, and the line of the order asked for', async () => {
      const { sku, warehouse, shipment } = await saveProductWithHistory();
      const product = (await load(sku, 'order-2')) as Product;
      expect(product).toBeInstanceOf(Product);
      expect(product.versionNumber).toBe(5);
      expect(
        product.batches.map((b) => [b.reference, b.sku, b.purchasedQuantity, b.allocatedQuantity, b.eta]),
      ).toEqual([
        [warehouse, sku, 10, 9, null],
        [shipment, sku, 50, 7, '2026-12-01'],
      ]);
      expect((product.batch(warehouse) as Batch).lines).toContainEqual({ orderid: 'order-2', sku, qty: 5 });
      expect(product.batch(shipment)?.lineOf('order-2')).toBeUndefined();
    });

    it('finds nothing for an unknown sku or batch reference', async () => {
      expect(await load(unique('NOPE'))).toBeUndefined();
      expect(await loadByBatch(unique('nope'))).toBeUndefined();
    });

    it('gets the product of a batch with every line of that batch, oldest first', async () => {
      const { sku, warehouse, shipment } = await saveProductWithHistory();
      const product = (await loadByBatch(warehouse)) as Product;
      expect(product.sku).toBe(sku);
      expect(product.versionNumber).toBe(5);
      expect((product.batch(warehouse) as Batch).lines).toEqual([
        { orderid: 'order-1', sku, qty: 4 },
        { orderid: 'order-2', sku, qty: 5 },
      ]);
      expect((await loadByBatch(shipment))?.batch(shipment)?.lines).toEqual([
        { orderid: 'order-3', sku, qty: 7 },
      ]);
    });

    it('keeps changed quantities, lines pushed out and re-allocated, and the version of each change', async () => {
      const { sku, warehouse, shipment } = await saveProductWithHistory();
      await uow().run(async (work) => {
        const product = (await work.products.getByBatchRef(warehouse)) as Product;
        expect(product.changeBatchQuantity(warehouse, 4).map(({ line }) => line.orderid)).toEqual([
          'order-2',
        ]);
        await work.commit();
      });
      await uow().run(async (work) => {
        const product = (await work.products.get(sku, { orderid: 'order-2' })) as Product;
        expect(product.allocate(orderLine('order-2', sku, 5))).toMatchObject({ batchref: shipment });
        await work.commit();
      });
      const byWarehouse = (await loadByBatch(warehouse)) as Product;
      expect(byWarehouse.versionNumber).toBe(7);
      expect(byWarehouse.batch(warehouse)?.purchasedQuantity).toBe(4);
      expect(byWarehouse.batch(warehouse)?.lines.map((l) => l.orderid)).toEqual(['order-1']);
      const byShipment = (await loadByBatch(shipment)) as Product;
      expect(byShipment.batch(shipment)?.lines.map((l) => [l.orderid, l.qty])).toEqual([
        ['order-3', 7],
        ['order-2', 5],
      ]);
      expect(byShipment.batch(shipment)?.allocatedQuantity).toBe(12);
    });

    it('keeps a cancelled line off its batch, and a line moved to another batch in one unit of work', async () => {
      const { sku, warehouse, shipment } = await saveProductWithHistory();
      await uow().run(async (work) => {
        const product = (await work.products.get(sku, { orderid: 'order-2' })) as Product;
        product.deallocate('order-2');
        await work.commit();
      });
      await uow().run(async (work) => {
        const product = (await work.products.get(sku, { orderid: 'order-1' })) as Product;
        product.deallocate('order-1');
        (product.batch(shipment) as Batch).allocate(orderLine('order-1', sku, 4)); // same key, other batch
        await work.commit();
      });
      const product = (await load(sku, 'order-1')) as Product;
      expect(product.batch(warehouse)?.allocatedQuantity).toBe(0);
      expect(product.batch(shipment)?.lines).toContainEqual({ orderid: 'order-1', sku, qty: 4 });
      expect(product.batch(shipment)?.allocatedQuantity).toBe(11);
      expect((await loadByBatch(warehouse))?.batch(warehouse)?.lines).toEqual([]);
    });

    it('hands out the same object when asked twice in one unit of work, and counts it as seen once', async () => {
      const { sku, warehouse } = await saveProductWithHistory();
      await uow().run(async (work) => {
        const first = await work.products.getByBatchRef(warehouse);
        expect(await work.products.get(sku)).toBe(first);
        expect([...work.products.seen]).toEqual([first]);
      });
    });

    it('leaves the version alone when nothing was committed', async () => {
      const { sku } = await saveProductWithHistory();
      await uow().run(async (work) => {
        const product = (await work.products.get(sku, { orderid: 'order-9' })) as Product;
        product.allocate(orderLine('order-9', sku, 1));
      });
      const product = (await load(sku, 'order-9')) as Product;
      expect(product.versionNumber).toBe(5);
      expect(product.batches.map((batch) => batch.lineOf('order-9'))).toEqual([undefined, undefined]);
      expect(product.batches.reduce((sum, batch) => sum + batch.allocatedQuantity, 0)).toBe(16);
    });

    it.skipIf(!options.interleavesTransactions)(
      'refuses the later of two writers that read the same version: one allocation lands, the other is a conflict',
      async () => {
        const { sku } = await saveProductWithHistory();
        let arrived = 0;
        let release: () => void = () => {};
        const bothRead = new Promise<void>((resolve) => {
          release = resolve;
        });
        const writer = (orderid: string) =>
          uow().run(async (work) => {
            const product = (await work.products.get(sku, { orderid })) as Product;
            arrived += 1;
            if (arrived === 2) release();
            await bothRead;
            product.allocate(orderLine(orderid, sku, 1));
            await work.commit();
          });
        const outcomes = await Promise.allSettled([writer('order-a'), writer('order-b')]);
        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
        const failure = outcomes.find((outcome) => outcome.status === 'rejected');
        expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyConflict);
        const after = (await load(sku)) as Product;
        expect(after.versionNumber).toBe(6);
        expect(after.batches.reduce((sum, batch) => sum + batch.allocatedQuantity, 0)).toBe(17);
      },
    );

    describe('the audit trail', () => {
      const entry = (actor: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
        at: new Date('2026-03-01T10:00:00.000Z'),
        actor: { kind: 'user', id: `id-${actor}`, name: actor },
        requestId: 'req-1',
        command: 'Allocate',
        fields: { orderid: 'o1', sku: 'LAMP', qty: 2 },
        outcome: 'succeeded',
        result: { status: 'allocated', batchref: 'b1', alreadyAllocated: false },
        reason: null,
        subjects: { skus: ['LAMP'], orderids: ['o1'], batchrefs: ['b1'] },
        ...overrides,
      });
      const byActor = async (actor: string, query: Record<string, unknown> = {}) =>
        activity().activity({ actor, page: 1, pageSize: 50, ...query });

      it('keeps a record with its change when the unit of work commits, every field as written', async () => {
        const actor = unique('Olive');
        const sku = unique('AUDIT');
        await uow().run(async (work) => {
          work.products.add(newProduct(sku));
          await work.audit.record(
            entry(actor, { subjects: { skus: [sku], orderids: ['o1'], batchrefs: [] } }),
          );
          await work.commit();
        });
        expect(await load(sku)).toBeInstanceOf(Product);
        const page = await byActor(actor);
        expect(page.total).toBe(1);
        expect(page.items[0]).toEqual({
          ...entry(actor, { subjects: { skus: [sku], orderids: ['o1'], batchrefs: [] } }),
          id: expect.any(String),
        });
      });

      it('keeps a refusal recorded alone, with its reason and no result', async () => {
        const actor = unique('Mia');
        const refused = entry(actor, {
          outcome: 'refused',
          result: null,
          reason: { code: 'forbidden', message: 'Mia is a manager' },
          actor: { kind: 'api-key', id: null, name: actor },
        });
        await uow().run(async (work) => {
          await work.audit.record(refused);
          await work.commit();
        });
        expect((await byActor(actor)).items).toEqual([{ ...refused, id: expect.any(String) }]);
      });

      it('keeps no record of a unit of work that rolls back, nor of its change: never one without the other', async () => {
        const actor = unique('Rollback');
        const sku = unique('AUDIT');
        await uow().run(async (work) => {
          work.products.add(newProduct(sku));
          await work.audit.record(entry(actor));
        });
        await expect(
          uow().run(async (work) => {
            await work.audit.record(entry(actor));
            await work.commit();
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await load(sku)).toBeUndefined();
        expect((await byActor(actor)).total).toBe(0);
      });

      it('lists newest first and filters by actor, command, sku, order, batch and time range, a page at a time', async () => {
        const actor = unique('Filter');
        const [sku, order, batch] = [unique('SKU'), unique('order'), unique('batch')];
        const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
        await uow().run(async (work) => {
          await work.audit.record(
            entry(actor, {
              at: at(1),
              command: 'CreateBatch',
              subjects: { skus: [sku], orderids: [], batchrefs: [batch] },
            }),
          );
          await work.audit.record(
            entry(actor, { at: at(2), subjects: { skus: [sku], orderids: [order], batchrefs: [batch] } }),
          );
          await work.audit.record(entry(actor, { at: at(3) }));
          await work.audit.record(
            entry(`${actor}-other`, { at: at(4), subjects: { skus: [sku], orderids: [], batchrefs: [] } }),
          );
          await work.commit();
        });
        const minutes = async (query: Record<string, unknown>) =>
          (await byActor(actor.toUpperCase(), query)).items.map((record) => record.at.getUTCMinutes());
        expect(await minutes({})).toEqual([4, 3, 2, 1]);
        expect(await minutes({ command: 'CreateBatch' })).toEqual([1]);
        expect(await minutes({ sku })).toEqual([4, 2, 1]);
        expect(await minutes({ orderid: order })).toEqual([2]);
        expect(await minutes({ batchref: batch })).toEqual([2, 1]);
        expect(await minutes({ from: at(2), to: at(3) })).toEqual([3, 2]);
        const second = await byActor(actor, { page: 2, pageSize: 3 });
        expect(second.total).toBe(4);
        expect(second.items.map((record) => record.at.getUTCMinutes())).toEqual([1]);
        expect((await byActor(`${actor}-OTHER`)).total).toBe(1);
        expect((await byActor(`${actor}%`)).total).toBe(0); // the filter's text is literal
      });

      it('puts the later of two records with the same time first', async () => {
        const actor = unique('Tie');
        await uow().run(async (work) => {
          await work.audit.record(entry(actor, { requestId: 'first' }));
          await work.commit();
        });
        await uow().run(async (work) => {
          await work.audit.record(entry(actor, { requestId: 'second' }));
          await work.commit();
        });
        expect((await byActor(actor)).items.map((record) => record.requestId)).toEqual(['second', 'first']);
      });
    });
  });
}
