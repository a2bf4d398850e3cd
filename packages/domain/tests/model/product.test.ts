import { describe, expect, it } from 'vitest';
import {
  Batch,
  type CalendarDate,
  calendarDate,
  LineAlreadyAllocated,
  LineNotAllocated,
  orderLine,
  Product,
  UnknownBatch,
} from '../../src/index.ts';

const today = calendarDate('2026-01-01');
const tomorrow = calendarDate('2026-01-02');
const later = calendarDate('2026-01-10');

const batch = (reference: string, sku: string, qty: number, eta: CalendarDate | null) =>
  new Batch({ reference, sku, purchasedQuantity: qty, eta });

describe('Product', () => {
  it('prefers current stock batches to shipments', () => {
    const inStock = batch('in-stock-batch', 'RETRO-CLOCK', 100, null);
    const shipment = batch('shipment-batch', 'RETRO-CLOCK', 100, tomorrow);
    const product = new Product({ sku: 'RETRO-CLOCK', batches: [shipment, inStock] });
    product.allocate(orderLine('oref', 'RETRO-CLOCK', 10));
    expect(inStock.availableQuantity).toBe(90);
    expect(shipment.availableQuantity).toBe(100);
  });

  it('prefers earlier batches', () => {
    const earliest = batch('speedy-batch', 'MINIMALIST-SPOON', 100, today);
    const medium = batch('normal-batch', 'MINIMALIST-SPOON', 100, tomorrow);
    const latest = batch('slow-batch', 'MINIMALIST-SPOON', 100, later);
    const product = new Product({ sku: 'MINIMALIST-SPOON', batches: [latest, medium, earliest] });
    product.allocate(orderLine('order1', 'MINIMALIST-SPOON', 10));
    expect([earliest, medium, latest].map((b) => b.availableQuantity)).toEqual([90, 100, 100]);
  });

  it('returns the allocated batch reference', () => {
    const product = new Product({
      sku: 'HIGHBROW-POSTER',
      batches: [
        batch('shipment-batch-ref', 'HIGHBROW-POSTER', 100, tomorrow),
        batch('in-stock-batch-ref', 'HIGHBROW-POSTER', 100, null),
      ],
    });
    expect(product.allocate(orderLine('oref', 'HIGHBROW-POSTER', 10))).toEqual({
      status: 'allocated',
      batchref: 'in-stock-batch-ref',
      alreadyAllocated: false,
    });
  });

  it('records an Allocated event', () => {
    const product = new Product({ sku: 'RETRO-CLOCK', batches: [batch('b1', 'RETRO-CLOCK', 100, null)] });
    product.allocate(orderLine('o1', 'RETRO-CLOCK', 10));
    expect(product.events.at(-1)).toEqual({
      type: 'Allocated',
      orderid: 'o1',
      sku: 'RETRO-CLOCK',
      qty: 10,
      batchref: 'b1',
    });
  });

  it('records OutOfStock if it cannot allocate, and allocates nothing', () => {
    const only = batch('batch1', 'SMALL-FORK', 10, today);
    const product = new Product({ sku: 'SMALL-FORK', batches: [only] });
    product.allocate(orderLine('order1', 'SMALL-FORK', 10));
    const outcome = product.allocate(orderLine('order2', 'SMALL-FORK', 1));
    expect(outcome).toEqual({ status: 'out_of_stock' });
    expect(product.events.at(-1)).toEqual({
      type: 'OutOfStock',
      sku: 'SMALL-FORK',
      orderid: 'order2',
      qty: 1,
    });
    expect(only.lines.map((l) => l.orderid)).toEqual(['order1']);
  });

  it('increments the version number on allocation, not on out of stock', () => {
    const product = new Product({
      sku: 'SCANDI-PEN',
      versionNumber: 7,
      batches: [batch('b1', 'SCANDI-PEN', 1, null)],
    });
    product.allocate(orderLine('o1', 'SCANDI-PEN', 1));
    expect(product.versionNumber).toBe(8);
    product.allocate(orderLine('o2', 'SCANDI-PEN', 1));
    expect(product.versionNumber).toBe(8);
  });

  it('re-allocating an allocated line returns its batch and changes nothing', () => {
    const product = new Product({ sku: 'LAMP', batches: [batch('b1', 'LAMP', 10, null)] });
    product.allocate(orderLine('o1', 'LAMP', 3));
    product.events.length = 0;
    const outcome = product.allocate(orderLine('o1', 'LAMP', 3));
    expect(outcome).toEqual({ status: 'allocated', batchref: 'b1', alreadyAllocated: true });
    expect(product.batches[0]?.availableQuantity).toBe(7);
    expect(product.versionNumber).toBe(1);
    expect(product.events).toEqual([]);
  });

  it('refuses the same order line with another quantity', () => {
    const product = new Product({ sku: 'LAMP', batches: [batch('b1', 'LAMP', 10, null)] });
    product.allocate(orderLine('o1', 'LAMP', 3));
    expect(() => product.allocate(orderLine('o1', 'LAMP', 4))).toThrow(LineAlreadyAllocated);
  });

  it('changing a batch quantity deallocates the newest lines until it fits', () => {
    const b1 = batch('b1', 'LAMP', 10, null);
    const product = new Product({ sku: 'LAMP', batches: [b1] });
    product.allocate(orderLine('o1', 'LAMP', 4));
    product.allocate(orderLine('o2', 'LAMP', 4));
    product.events.length = 0;
    const moves = product.changeBatchQuantity('b1', 5);
    expect(moves).toEqual([{ line: { orderid: 'o2', sku: 'LAMP', qty: 4 }, from: 'b1', to: null }]);
    expect(b1.availableQuantity).toBe(1);
    expect(product.events).toEqual([
      { type: 'BatchQuantityChanged', ref: 'b1', sku: 'LAMP', qty: 5 },
      { type: 'Deallocated', orderid: 'o2', sku: 'LAMP', qty: 4, batchref: 'b1' },
    ]);
  });

  it('changing a batch quantity moves each pushed-out line another batch can take, and says where', () => {
    const warehouse = batch('warehouse', 'LAMP', 10, null);
    const shipment = batch('shipment', 'LAMP', 10, tomorrow);
    const product = new Product({ sku: 'LAMP', batches: [warehouse, shipment] });
    product.allocate(orderLine('o1', 'LAMP', 4));
    product.allocate(orderLine('o2', 'LAMP', 5));
    product.events.length = 0;

    const moves = product.changeBatchQuantity('warehouse', 4);

    expect(moves).toEqual([
      { line: { orderid: 'o2', sku: 'LAMP', qty: 5 }, from: 'warehouse', to: 'shipment' },
    ]);
    expect(warehouse.lines.map((l) => l.orderid)).toEqual(['o1']);
    expect(shipment.lines.map((l) => l.orderid)).toEqual(['o2']);
    expect(product.events).toEqual([
      { type: 'BatchQuantityChanged', ref: 'warehouse', sku: 'LAMP', qty: 4 },
      { type: 'Deallocated', orderid: 'o2', sku: 'LAMP', qty: 5, batchref: 'warehouse' },
      { type: 'Allocated', orderid: 'o2', sku: 'LAMP', qty: 5, batchref: 'shipment' },
    ]);
  });

  it('a pushed-out line no batch can take has no new home, and the product records no OutOfStock for it yet', () => {
    const warehouse = batch('warehouse', 'LAMP', 10, null);
    const shipment = batch('shipment', 'LAMP', 3, tomorrow);
    const product = new Product({ sku: 'LAMP', batches: [warehouse, shipment] });
    product.allocate(orderLine('big', 'LAMP', 6));
    product.allocate(orderLine('small', 'LAMP', 2));
    product.events.length = 0;

    const moves = product.changeBatchQuantity('warehouse', 0);

    // Newest first: 'small' fits in the shipment, 'big' fits nowhere. The Deallocated handler
    // records its OutOfStock, as for any order that finds no stock.
    expect(moves).toEqual([
      { line: { orderid: 'small', sku: 'LAMP', qty: 2 }, from: 'warehouse', to: 'shipment' },
      { line: { orderid: 'big', sku: 'LAMP', qty: 6 }, from: 'warehouse', to: null },
    ]);
    expect(warehouse.allocatedQuantity).toBe(0);
    expect(shipment.allocatedQuantity).toBe(2);
    expect(product.events.map((e) => e.type)).toEqual([
      'BatchQuantityChanged',
      'Deallocated',
      'Deallocated',
      'Allocated',
    ]);
  });

  it('a pushed-out line goes to warehouse stock first, then the earliest eta, as any allocation does', () => {
    const cut = batch('cut', 'LAMP', 13, null);
    const slow = batch('slow', 'LAMP', 10, later);
    const speedy = batch('speedy', 'LAMP', 10, today);
    const otherWarehouse = batch('other-warehouse', 'LAMP', 3, null);
    const product = new Product({ sku: 'LAMP', batches: [cut, slow, speedy, otherWarehouse] });
    product.allocate(orderLine('o1', 'LAMP', 5));
    product.allocate(orderLine('o2', 'LAMP', 5));
    product.allocate(orderLine('o3', 'LAMP', 3));

    const moves = product.changeBatchQuantity('cut', 0);

    expect(moves.map(({ line, to }) => [line.orderid, to])).toEqual([
      ['o3', 'other-warehouse'],
      ['o2', 'speedy'],
      ['o1', 'speedy'],
    ]);
    expect(slow.allocatedQuantity).toBe(0);
  });

  it('changing the quantity bumps the version once, and once more per line it moves', () => {
    const product = new Product({
      sku: 'LAMP',
      versionNumber: 3,
      batches: [batch('warehouse', 'LAMP', 10, null), batch('shipment', 'LAMP', 4, tomorrow)],
    });
    product.allocate(orderLine('o1', 'LAMP', 4));
    product.allocate(orderLine('o2', 'LAMP', 6));
    product.changeBatchQuantity('warehouse', 0);
    expect(product.versionNumber).toBe(3 + 2 + 1 + 1);
  });

  it('cutting a batch of 50,000 lines to nothing accounts for every line, in time linear in the lines', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => orderLine(`o${i}`, 'LAMP', 1));
    const cut = new Batch({ reference: 'cut', sku: 'LAMP', purchasedQuantity: 50_000, eta: null, lines });
    const shipment = batch('shipment', 'LAMP', 20_000, tomorrow);
    const product = new Product({ sku: 'LAMP', batches: [cut, shipment] });

    const moves = product.changeBatchQuantity('cut', 0);

    expect(moves).toHaveLength(50_000);
    expect(new Set(moves.map((move) => move.line.orderid)).size).toBe(50_000);
    // Newest first: the 20,000 most recent lines fill the shipment, the rest find no stock.
    expect(moves[0]).toEqual({ line: lines[49_999], from: 'cut', to: 'shipment' });
    expect(moves.filter((move) => move.to === 'shipment')).toHaveLength(20_000);
    expect(moves.slice(20_000).every((move) => move.to === null)).toBe(true);
    expect(cut.allocatedQuantity).toBe(0);
    expect(cut.lines).toEqual([]);
    expect(shipment.allocatedQuantity).toBe(20_000);
    const count = (type: string) => product.events.filter((event) => event.type === type).length;
    expect([count('Deallocated'), count('Allocated'), count('OutOfStock')]).toEqual([50_000, 20_000, 0]);
  });

  it('changing the quantity of an unknown batch is an error', () => {
    const product = new Product({ sku: 'LAMP', batches: [batch('b1', 'LAMP', 10, null)] });
    expect(() => product.changeBatchQuantity('nope', 5)).toThrow(UnknownBatch);
  });

  it('deallocating returns the stock and records a cancellation, not a Deallocated', () => {
    const b1 = batch('b1', 'LAMP', 10, null);
    const product = new Product({ sku: 'LAMP', batches: [b1] });
    product.allocate(orderLine('o1', 'LAMP', 4));
    product.events.length = 0;
    product.deallocate('o1');
    expect(b1.availableQuantity).toBe(10);
    expect(product.events).toEqual([
      { type: 'AllocationCancelled', orderid: 'o1', sku: 'LAMP', qty: 4, batchref: 'b1' },
    ]);
    expect(() => product.deallocate('o1')).toThrow(LineNotAllocated);
  });
});
