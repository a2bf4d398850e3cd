import { describe, expect, it } from 'vitest';
import { Batch, calendarDate, orderLine } from '../../src/index.ts';

const makeBatchAndLine = (sku: string, batchQty: number, lineQty: number) => ({
  batch: new Batch({
    reference: 'batch-001',
    sku,
    purchasedQuantity: batchQty,
    eta: calendarDate('2026-03-01'),
  }),
  line: orderLine('order-123', sku, lineQty),
});

describe('Batch', () => {
  it('allocating to a batch reduces the available quantity', () => {
    const { batch, line } = makeBatchAndLine('SMALL-TABLE', 20, 2);
    batch.allocate(line);
    expect(batch.availableQuantity).toBe(18);
  });

  it('can allocate if available is greater than required', () => {
    const { batch, line } = makeBatchAndLine('ELEGANT-LAMP', 20, 2);
    expect(batch.canAllocate(line)).toBe(true);
  });

  it('cannot allocate if available is smaller than required', () => {
    const { batch, line } = makeBatchAndLine('ELEGANT-LAMP', 2, 20);
    expect(batch.canAllocate(line)).toBe(false);
  });

  it('can allocate if available is equal to required', () => {
    const { batch, line } = makeBatchAndLine('ELEGANT-LAMP', 2, 2);
    expect(batch.canAllocate(line)).toBe(true);
  });

  it('cannot allocate if skus do not match', () => {
    const batch = new Batch({
      reference: 'batch-001',
      sku: 'UNCOMFORTABLE-CHAIR',
      purchasedQuantity: 100,
      eta: null,
    });
    expect(batch.canAllocate(orderLine('order-123', 'EXPENSIVE-TOASTER', 10))).toBe(false);
  });

  it('allocating the same line twice has no effect', () => {
    const { batch, line } = makeBatchAndLine('DECORATIVE-TRINKET', 20, 2);
    batch.allocate(line);
    batch.allocate(line);
    expect(batch.availableQuantity).toBe(18);
  });

  it('can only deallocate allocated lines', () => {
    const { batch, line } = makeBatchAndLine('DECORATIVE-TRINKET', 20, 2);
    expect(batch.deallocate(line.orderid)).toBeUndefined();
    expect(batch.availableQuantity).toBe(20);
  });

  it('counts lines that were not loaded in its allocated quantity', () => {
    const batch = new Batch({
      reference: 'batch-001',
      sku: 'LAMP',
      purchasedQuantity: 10,
      eta: null,
      lines: [orderLine('o1', 'LAMP', 2)],
      allocatedQuantity: 7,
    });
    expect(batch.availableQuantity).toBe(3);
  });
});

describe('order lines and values', () => {
  it.each([0, -1, 1.5, Number.NaN])('rejects quantity %s, naming it', (qty) => {
    expect(() => orderLine('o1', 'LAMP', qty)).toThrow(`Invalid quantity ${qty}`);
  });

  it('rejects an empty order id', () => {
    expect(() => orderLine(' ', 'LAMP', 1)).toThrow('Invalid order id');
  });

  it.each(['2026-02-30', '2026-13-01', '01/02/2026', ''])('rejects the date %s', (value) => {
    expect(() => calendarDate(value)).toThrow(`Invalid date ${value}`);
  });

  it('accepts a real calendar date', () => {
    expect(calendarDate('2028-02-29')).toBe('2028-02-29');
  });
});
