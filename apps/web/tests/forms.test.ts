import { addBatchForm as addBatch, alertsInput, allocateForm, batchListInput } from '@allocation/contracts';
import { describe, expect, it } from 'vitest';
import { paramsFromState, queryOf, stateFromParams } from '../src/lib/batch-list-query';
import { formSchema, problemsOf } from '../src/lib/forms';

describe('form validation with the API’s schemas', () => {
  const addBatchForm = formSchema(addBatch, { dates: ['eta'] });

  it('says an empty quantity is required, not that it is not a number', () => {
    expect(problemsOf(allocateForm, { orderid: 'o1', sku: 'LAMP', qty: '' })).toEqual({
      qty: 'Quantity is required',
    });
  });

  it('gives one message per field, beside each field', () => {
    expect(problemsOf(addBatchForm, { ref: ' ', sku: '', qty: '0', eta: '' })).toEqual({
      ref: 'Batch reference is required',
      sku: 'SKU is required',
      qty: 'Quantity must be a whole number from 1 to 2,147,483,647',
    });
  });

  it('keeps a quantity that is not a whole number as typed and says so', () => {
    for (const qty of ['2.5', '1e3', '-3']) {
      const values = { orderid: 'o1', sku: 'LAMP', qty };
      expect(problemsOf(allocateForm, values)).toEqual({
        qty: 'Quantity must be a whole number from 1 to 2,147,483,647',
      });
      expect(values.qty).toBe(qty);
    }
  });

  it('takes an empty eta as warehouse stock', () => {
    const values = { ref: 'b1', sku: 'LAMP', qty: '3', eta: '' };
    expect(problemsOf(addBatchForm, values)).toEqual({});
    expect(addBatchForm.parse(values)).toEqual({ ref: 'b1', sku: 'LAMP', qty: 3, eta: null });
  });

  it('never changes what the user typed: the API gets a trimmed copy', () => {
    const values = { orderid: ' o1 ', sku: 'LAMP ', qty: '12' };
    expect(allocateForm.parse(values)).toEqual({ orderid: 'o1', sku: 'LAMP', qty: 12 });
    expect(values).toEqual({ orderid: ' o1 ', sku: 'LAMP ', qty: '12' });
  });

  it('takes a blank optional filter as no filter, and checks one that is given', () => {
    const alertFilter = formSchema(alertsInput.pick({ sku: true }), { optional: ['sku'] });
    expect(problemsOf(alertFilter, { sku: '  ' })).toEqual({});
    expect(problemsOf(alertFilter, { sku: 'x'.repeat(300) })).toEqual({
      sku: 'SKU must be at most 255 characters',
    });
  });
});

describe('the batch list’s URL state', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    const params = paramsFromState({
      ...stateFromParams(new URLSearchParams()),
      sku: 'lamp',
      sort: 'available',
      direction: 'desc',
      page: 2,
    });
    expect(params).toEqual({
      sku: 'lamp',
      stock: undefined,
      from: undefined,
      to: undefined,
      sort: 'available',
      dir: 'desc',
      page: '2',
      size: undefined,
    });
    const url = new URLSearchParams(
      Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
    );
    expect(stateFromParams(url)).toMatchObject({
      sku: 'lamp',
      sort: 'available',
      direction: 'desc',
      page: 2,
    });
  });

  it('ignores what it cannot read', () => {
    const state = stateFromParams(new URLSearchParams('sort=drop&page=-3&size=7&stock=maybe'));
    expect(state).toMatchObject({ sort: 'eta', page: 1, pageSize: 25, stock: 'all' });
  });

  it('asks the view exactly what the filters say', () => {
    const query = queryOf({
      ...stateFromParams(new URLSearchParams()),
      sku: ' chair ',
      stock: 'out',
      etaFrom: '2026-01-01',
    });
    expect(query).toEqual({
      sku: 'chair',
      hasStock: false,
      etaFrom: '2026-01-01',
      sort: 'eta',
      direction: 'asc',
      page: 1,
      pageSize: 25,
    });
    expect(batchListInput.safeParse(query).success).toBe(true);
  });
});
