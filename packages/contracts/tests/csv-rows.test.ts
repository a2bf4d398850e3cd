import { describe, expect, it } from 'vitest';
import { allocationCsvRow, batchCsvRow, orderCsvRow } from '../src/index.ts';

const problems = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('the rows of CSV files, as text', () => {
  it('reads a batch row, an empty eta meaning warehouse stock', () => {
    expect(batchCsvRow.parse({ ref: ' b1 ', sku: 'LAMP', qty: '10', eta: '' })).toEqual({
      ref: 'b1',
      sku: 'LAMP',
      qty: 10,
      eta: null,
    });
    expect(batchCsvRow.parse({ ref: 'b2', sku: 'LAMP', qty: '5', eta: '2026-12-01' }).eta).toBe('2026-12-01');
  });

  it('names each bad value of a batch row by its column', () => {
    expect(problems(batchCsvRow.safeParse({ ref: '', sku: 'LAMP', qty: 'ten', eta: '2026-02-30' }))).toEqual([
      ['ref', 'Batch reference is required'],
      ['qty', 'Quantity must be a whole number'],
      ['eta', 'Date is not a real calendar date'],
    ]);
  });

  it('reads an order row and refuses a quantity that is not at least one whole unit', () => {
    expect(orderCsvRow.parse({ orderid: 'o1', sku: 'LAMP', qty: '3' })).toEqual({
      orderid: 'o1',
      sku: 'LAMP',
      qty: 3,
    });
    expect(problems(orderCsvRow.safeParse({ orderid: 'o1', sku: 'LAMP', qty: '0' }))).toEqual([
      ['qty', 'Quantity must be at least 1'],
    ]);
    expect(problems(orderCsvRow.safeParse({ orderid: 'o1', sku: 'LAMP', qty: '2.5' }))).toEqual([
      ['qty', 'Quantity must be a whole number'],
    ]);
    expect(problems(orderCsvRow.safeParse({ orderid: 'o1', sku: 'LAMP', qty: '' }))).toEqual([
      ['qty', 'Quantity is required'],
    ]);
  });

  it('reads an allocation row', () => {
    expect(allocationCsvRow.parse({ orderid: 'o1', sku: 'LAMP', qty: '3', batchref: 'b1' })).toEqual({
      orderid: 'o1',
      sku: 'LAMP',
      qty: 3,
      batchref: 'b1',
    });
  });
});
