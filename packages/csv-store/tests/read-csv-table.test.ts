import { ORDER_CSV_COLUMNS, orderCsvRow } from '@allocation/contracts';
import { describe, expect, it } from 'vitest';
import { describeProblem, readCsvTable } from '../src/index.ts';

const spec = { file: 'orders.csv', columns: ORDER_CSV_COLUMNS, row: orderCsvRow };
const read = (text: string) => readCsvTable(text, spec);

describe('reading a CSV table', () => {
  it('reads each row with the line it starts on, skipping blank lines and a BOM', async () => {
    // A quoted value may span lines: the row is named by the line it starts on.
    const table = await read('\ufefforderid,sku,qty\r\no1,LAMP,2\r\n\r\n"o\n2",LAMP,3\r\no3,LAMP,4\r\n');
    expect(table.problems.map(describeProblem)).toEqual([
      'orders.csv, line 4, column 1 (orderid): Order id must not contain control characters',
    ]);
    expect(table.rows).toEqual([
      { line: 2, value: { orderid: 'o1', sku: 'LAMP', qty: 2 } },
      { line: 6, value: { orderid: 'o3', sku: 'LAMP', qty: 4 } },
    ]);
  });

  it('lists every bad row by line and column, not just the first', async () => {
    const table = await read('orderid,sku,qty\no1,LAMP,0\no2,LAMP\no3,,2\no4,LAMP,1,extra\no5,LAMP,1\n');
    expect(table.problems.map(describeProblem)).toEqual([
      'orders.csv, line 2, column 3 (qty): Quantity must be at least 1',
      'orders.csv, line 3, column 3 (qty): expected 3 values (orderid,sku,qty), found 2',
      'orders.csv, line 4, column 2 (sku): SKU is required',
      'orders.csv, line 5, column 4: expected 3 values (orderid,sku,qty), found 4',
    ]);
    expect(table.rows.map((row) => row.line)).toEqual([6]);
  });

  it('refuses a file whose header is not the expected one, naming the first column that differs', async () => {
    const table = await read('orderid,qty,sku\no1,2,LAMP\n');
    expect(table.problems.map(describeProblem)).toEqual([
      'orders.csv, line 1, column 2: expected the header orderid,sku,qty, found orderid,qty,sku',
    ]);
    expect(table.rows).toEqual([]);
  });

  it('refuses an empty file and one that is not CSV', async () => {
    expect((await read('')).problems.map(describeProblem)).toEqual([
      'orders.csv, line 1: the file is empty; expected the header orderid,sku,qty',
    ]);
    const broken = await read('orderid,sku,qty\no1,LAMP,2\n"o2,LAMP,3\n');
    expect(broken.problems).toHaveLength(1);
    expect(describeProblem(broken.problems[0] as never)).toMatch(
      /^orders.csv, line \d+: not readable as CSV: Quote Not Closed/,
    );
  });
});
