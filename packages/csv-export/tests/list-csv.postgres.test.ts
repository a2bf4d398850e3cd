import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvStream } from '../src/csv-stream.ts';
import { LIST_CSV } from '../src/list-csv.ts';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const records = (csv: string): string[][] => parse(csv, { bom: true });

describe('CSV exports streamed from PostgreSQL', () => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase();
    db = await openDatabase({ url: test.url, clock: { now: () => new Date() } });
    // Read-table rows, more than one cursor fetch; skus a spreadsheet would misread on purpose.
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
      SELECT 'r-' || lpad(n::text, 4, '0'), 'SOFA', 1000 + n, n % 3, DATE '2027-01-01' + (n % 30)
      FROM generate_series(1, 1500) AS n`;
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta) VALUES
        ('x-1', '=HYPERLINK("http://evil")', 5, 0, NULL),
        ('x-2', 'LAMP, "big"', 5, 9, DATE '2026-12-24'),
        ('x-3', '@SUM(A1)', 5, 0, NULL)`;
  });

  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  const exportOf = (filter: Parameters<typeof LIST_CSV.batches.rows>[1]) =>
    text(csvStream(LIST_CSV.batches.rows(db.exports, filter), LIST_CSV.batches.columns));

  it('every page of the list, in its order, under a header row', async () => {
    const [header, ...rows] = records(await exportOf({ sort: { field: 'reference', direction: 'desc' } }));
    expect(header).toEqual(['reference', 'sku', 'purchased', 'allocated', 'available', 'eta']);
    expect(rows).toHaveLength(1503);
    expect(rows.slice(0, 4).map((row) => row[0])).toEqual(['x-3', 'x-2', 'x-1', 'r-1500']);
    expect(rows.at(-1)).toEqual(['r-0001', 'SOFA', '1001', '1', '1000', '2027-01-02']);
  });

  it('the list filter: only what the view shows', async () => {
    const [, ...rows] = records(
      await exportOf({ hasStock: false, sort: { field: 'available', direction: 'asc' } }),
    );
    expect(rows).toEqual([['x-2', 'LAMP, "big"', '5', '9', '-4', '2026-12-24']]);
  });

  it('quotes what needs quoting and neutralises formulas', async () => {
    const csv = await exportOf({ sort: { field: 'eta', direction: 'asc' } });
    expect(csv).toContain('\r\nx-1,"\'=HYPERLINK(""http://evil"")",5,0,5,\r\n');
    expect(csv).toContain("\r\nx-3,'@SUM(A1),5,0,5,\r\n");
    expect(csv).toContain('\r\nx-2,"LAMP, ""big""",5,9,-4,2026-12-24\r\n');
  });
});
