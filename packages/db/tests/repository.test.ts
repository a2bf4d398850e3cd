import { Batch, type CalendarDate, orderLine, Product } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { BACKENDS, unique, useBackend } from './support.ts';

const eta = (day: string) => day as CalendarDate;

describe.each(BACKENDS)('product repository on %s', (backend) => {
  const backendRef = useBackend(backend);

  async function saveProductWithHistory() {
    const sku = unique('LAMP');
    const [warehouse, shipment] = [unique('wh'), unique('ship')];
    await backendRef.db.uow.run(async (uow) => {
      const product = new Product({ sku });
      product.addBatch(warehouse, 10, null);
      product.addBatch(shipment, 50, eta('2026-12-01'));
      uow.products.add(product);
      product.allocate(orderLine('order-1', sku, 4));
      product.allocate(orderLine('order-2', sku, 5));
      product.allocate(orderLine('order-3', sku, 7)); // only the shipment has room
      await uow.commit();
    });
    return { sku, warehouse, shipment };
  }

  it('stores a product with its batches and allocations, and loads it back with the lines of one order', async () => {
    const { sku, warehouse, shipment } = await saveProductWithHistory();
    const { result } = await backendRef.db.uow.run((uow) => uow.products.get(sku, { orderid: 'order-2' }));
    expect(result).toBeInstanceOf(Product);
    const product = result as Product;
    expect(product.versionNumber).toBe(5);
    expect(
      product.batches.map((b) => [b.reference, b.purchasedQuantity, b.allocatedQuantity, b.eta]),
    ).toEqual([
      [warehouse, 10, 9, null],
      [shipment, 50, 7, '2026-12-01'],
    ]);
    expect((product.batch(warehouse) as Batch).lines).toEqual([{ orderid: 'order-2', sku, qty: 5 }]);
    expect((product.batch(shipment) as Batch).lines).toEqual([]);
  });

  it('loads no lines without an order, and nothing for an unknown sku', async () => {
    const { sku } = await saveProductWithHistory();
    const { result } = await backendRef.db.uow.run(async (uow) => ({
      product: await uow.products.get(sku),
      unknown: await uow.products.get(unique('NOPE')),
    }));
    expect(result.product?.batches.flatMap((b) => b.lines)).toEqual([]);
    expect(result.product?.batches.map((b) => b.allocatedQuantity)).toEqual([9, 7]);
    expect(result.unknown).toBeUndefined();
  });

  it('gets the product of a batch with every line of that batch, oldest first', async () => {
    const { sku, warehouse, shipment } = await saveProductWithHistory();
    const { result } = await backendRef.db.uow.run((uow) => uow.products.getByBatchRef(warehouse));
    const product = result as Product;
    expect(product.sku).toBe(sku);
    expect((product.batch(warehouse) as Batch).lines.map((l) => l.orderid)).toEqual(['order-1', 'order-2']);
    expect((product.batch(shipment) as Batch).lines).toEqual([]);
    expect(
      (await backendRef.db.uow.run((uow) => uow.products.getByBatchRef(unique('nope')))).result,
    ).toBeUndefined();
  });

  it('persists changed quantities, deallocations and re-allocations', async () => {
    const { sku, warehouse, shipment } = await saveProductWithHistory();
    await backendRef.db.uow.run(async (uow) => {
      const product = (await uow.products.getByBatchRef(warehouse)) as Product;
      const pushedOut = product.changeBatchQuantity(warehouse, 4);
      expect(pushedOut.map(({ line }) => line.orderid)).toEqual(['order-2']);
      await uow.commit();
    });
    await backendRef.db.uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'order-2' })) as Product;
      expect(product.allocate(orderLine('order-2', sku, 5))).toMatchObject({ batchref: shipment });
      await uow.commit();
    });
    const byRef = async (reference: string) =>
      (await backendRef.db.uow.run((uow) => uow.products.getByBatchRef(reference))).result?.batch(reference);
    const result = { warehouse: await byRef(warehouse), shipment: await byRef(shipment) };
    expect(result.warehouse?.purchasedQuantity).toBe(4);
    expect(result.warehouse?.lines.map((l) => l.orderid)).toEqual(['order-1']);
    expect(result.shipment?.lines.map((l) => [l.orderid, l.qty])).toEqual([
      ['order-3', 7],
      ['order-2', 5],
    ]);
    expect(result.shipment?.allocatedQuantity).toBe(12);
  });

  it('persists a cancelled line, and a line moved between batches in one unit of work', async () => {
    const { sku, warehouse, shipment } = await saveProductWithHistory();
    await backendRef.db.uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid: 'order-1' })) as Product;
      product.deallocate('order-1');
      (product.batch(shipment) as Batch).allocate(orderLine('order-1', sku, 4)); // same key, other batch
      await uow.commit();
    });
    const { result } = await backendRef.db.uow.run((uow) => uow.products.get(sku, { orderid: 'order-1' }));
    expect(result?.batch(warehouse)?.allocatedQuantity).toBe(5);
    expect(result?.batch(shipment)?.lines).toEqual([{ orderid: 'order-1', sku, qty: 4 }]);
    expect(result?.batch(shipment)?.allocatedQuantity).toBe(11);
  });

  it('returns the same object when asked twice in one unit of work', async () => {
    const { sku, warehouse } = await saveProductWithHistory();
    await backendRef.db.uow.run(async (uow) => {
      const first = await uow.products.getByBatchRef(warehouse);
      expect(await uow.products.get(sku)).toBe(first);
      expect(uow.products.seen.size).toBe(1);
    });
  });

  it('refuses to hand out a product already loaded without the lines now asked for', async () => {
    const { sku, shipment } = await saveProductWithHistory();
    const run = backendRef.db.uow.run(async (uow) => {
      await uow.products.get(sku, { orderid: 'order-1' });
      await uow.products.getByBatchRef(shipment);
    });
    await expect(run).rejects.toThrow(/without the lines of batch/);
    const again = backendRef.db.uow.run(async (uow) => {
      await uow.products.get(sku);
      await uow.products.get(sku, { orderid: 'order-1' });
    });
    await expect(again).rejects.toThrow(/without the line of order order-1/);
  });

  it('constructs batches through the domain (no row leaks out)', async () => {
    const { sku } = await saveProductWithHistory();
    const { result } = await backendRef.db.uow.run((uow) => uow.products.get(sku));
    expect(result?.batches.every((b) => b instanceof Batch)).toBe(true);
  });
});
