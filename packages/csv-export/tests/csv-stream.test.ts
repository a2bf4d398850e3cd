import { describe, expect, it } from 'vitest';
import { csvStream } from '../src/csv-stream.ts';
import type { CsvColumn } from '../src/list-csv.ts';
import { spreadsheetCell } from '../src/spreadsheet-cell.ts';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function* rowsOf<T>(rows: T[]): AsyncIterable<T> {
  yield* rows;
}

interface Row {
  name: string;
  qty: number;
  at: Date | null;
}

const columns: CsvColumn<Row>[] = [
  { header: 'name', cell: (row) => row.name },
  { header: 'qty', cell: (row) => row.qty },
  { header: 'at', cell: (row) => row.at },
];

describe('spreadsheet cells', () => {
  it('instants in ISO 8601 UTC, numbers without separators, nothing as empty', () => {
    expect(spreadsheetCell(new Date('2026-12-02T09:15:00+01:00'))).toBe('2026-12-02T08:15:00.000Z');
    expect(spreadsheetCell(1234567)).toBe('1234567');
    expect(spreadsheetCell(-3)).toBe('-3');
    expect(spreadsheetCell(null)).toBe('');
    expect(spreadsheetCell(undefined)).toBe('');
  });

  it('text a spreadsheet would run as a formula starts with a quote', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) {
      expect(spreadsheetCell(formula)).toBe(`'${formula}`);
    }
    expect(spreadsheetCell('RED-CHAIR')).toBe('RED-CHAIR');
    expect(spreadsheetCell("it's")).toBe("it's");
  });
});

describe('a CSV stream', () => {
  it('has a BOM, a header row, CRLF records and RFC 4180 quoting', async () => {
    const csv = await text(
      csvStream(
        rowsOf([
          { name: 'plain', qty: 1, at: new Date('2026-12-01T00:00:00Z') },
          { name: 'a, "quoted"\nline', qty: 1000, at: null },
        ]),
        columns,
      ),
    );
    expect(csv).toBe(
      '\uFEFFname,qty,at\r\nplain,1,2026-12-01T00:00:00.000Z\r\n"a, ""quoted""\nline",1000,\r\n',
    );
  });

  it('a header alone when there is no row', async () => {
    expect(await text(csvStream(rowsOf([]), columns))).toBe('\uFEFFname,qty,at\r\n');
  });

  it('a failing source fails the stream', async () => {
    async function* failing(): AsyncIterable<Row> {
      yield { name: 'one', qty: 1, at: null };
      throw new Error('the database went away');
    }
    await expect(text(csvStream(failing(), columns))).rejects.toThrow('the database went away');
  });

  it('destroying the stream closes the source', async () => {
    let closed = false;
    async function* endless(): AsyncIterable<Row> {
      try {
        for (let i = 0; ; i += 1) yield { name: `row ${i}`, qty: i, at: null };
      } finally {
        closed = true;
      }
    }
    const stream = csvStream(endless(), columns);
    for await (const _chunk of stream) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });
});
