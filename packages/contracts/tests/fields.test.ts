import { MAX_QUANTITY } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import {
  addBatchForm,
  addBatchInput,
  allocateForm,
  allocateInput,
  changeBatchQuantityForm,
  changeBatchQuantityInput,
  formBatchQuantity,
  formQuantity,
} from '../src/index.ts';

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

describe('a quantity as a form field holds it', () => {
  const range = `Quantity must be a whole number from 1 to ${MAX_QUANTITY.toLocaleString('en-US')}`;
  const problemOf = (qty: string) => formQuantity.safeParse(qty).error?.issues[0]?.message;

  it('reads whole numbers as typed', () => {
    expect(formQuantity.parse('25')).toBe(25);
    expect(formQuantity.parse(' 7 ')).toBe(7);
    expect(formQuantity.parse(String(MAX_QUANTITY))).toBe(MAX_QUANTITY);
    expect(formQuantity.parse('0012')).toBe(12);
  });

  it('refuses anything else with the range, never reading it as another number', () => {
    for (const typed of [
      '2.5',
      '1e3',
      '-3',
      '1,000',
      '12abc',
      '+4',
      '0',
      String(MAX_QUANTITY + 1),
      '9'.repeat(40),
    ]) {
      expect(problemOf(typed), typed).toBe(range);
    }
  });

  it('says a blank quantity is required', () => {
    expect(problemOf('')).toBe('Quantity is required');
    expect(problemOf('   ')).toBe('Quantity is required');
  });

  it('lets a batch be cut to zero, and no further', () => {
    expect(formBatchQuantity.parse('0')).toBe(0);
    expect(formBatchQuantity.safeParse('-1').error?.issues[0]?.message).toBe(
      `Quantity must be a whole number from 0 to ${MAX_QUANTITY.toLocaleString('en-US')}`,
    );
  });

  it('gives the forms the commands’ inputs', () => {
    expect(addBatchForm.parse({ ref: 'b1', sku: 'LAMP', qty: '5', eta: null })).toEqual({
      ref: 'b1',
      sku: 'LAMP',
      qty: 5,
      eta: null,
    });
    expect(allocateForm.safeParse({ orderid: 'o1', sku: 'LAMP', qty: '2.5' }).success).toBe(false);
    expect(changeBatchQuantityForm.parse({ ref: 'b1', qty: '0' })).toEqual({ ref: 'b1', qty: 0 });
  });
});
