import { MAX_QUANTITY } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { addBatchInput, allocateInput, changeBatchQuantityInput } from '../src/index.ts';

describe('the field rules every outside shape shares', () => {
  it('takes an order line of whole units', () => {
    expect(allocateInput.parse({ orderid: 'order-1', sku: 'LAMP', qty: 3 })).toEqual({
      orderid: 'order-1',
      sku: 'LAMP',
      qty: 3,
    });
  });

  it('refuses a fraction, zero or more than the largest quantity', () => {
    for (const qty of [2.5, 0, MAX_QUANTITY + 1]) {
      expect(allocateInput.safeParse({ orderid: 'o', sku: 'LAMP', qty }).success).toBe(false);
    }
  });

  it('lets a batch be cut to zero', () => {
    expect(changeBatchQuantityInput.parse({ ref: 'b1', qty: 0 }).qty).toBe(0);
  });

  it('takes a missing eta as warehouse stock and refuses a date that is not in the calendar', () => {
    expect(addBatchInput.parse({ ref: 'b1', sku: 'LAMP', qty: 1 }).eta).toBeNull();
    expect(addBatchInput.safeParse({ ref: 'b1', sku: 'LAMP', qty: 1, eta: '2026-02-30' }).success).toBe(
      false,
    );
  });
});
