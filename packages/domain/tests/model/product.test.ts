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
    const deallocated = product.changeBatchQuantity('b1', 5);
    expect(deallocated).toEqual([{ orderid: 'o2', sku: 'LAMP', qty: 4 }]);
    expect(b1.availableQuantity).toBe(1);
    expect(product.events).toEqual([
      { type: 'BatchQuantityChanged', ref: 'b1', sku: 'LAMP', qty: 5 },
      { type: 'Deallocated', orderid: 'o2', sku: 'LAMP', qty: 4, batchref: 'b1' },
    ]);
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
