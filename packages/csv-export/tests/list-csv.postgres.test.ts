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

describe('The SKU overview as CSV from PostgreSQL', () => {
  let test: TestDatabase;
  let db: Database;
  const BULBS = 600;
  /** A bulb's one batch: in the warehouse every fourth, else arriving in January 2027. */
  const bulbEta = (n: number) =>
    n % 4 === 0 ? '' : new Date(Date.UTC(2027, 0, 1 + (n % 30))).toISOString().slice(0, 10);

  beforeAll(async () => {
    test = await createTestDatabase();
    db = await openDatabase({ url: test.url, clock: { now: () => new Date() } });
    // More skus than one cursor fetch, one batch each.
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
      SELECT 'bulb-' || n, 'BULB-' || lpad(n::text, 4, '0'), 10, n % 11,
             CASE WHEN n % 4 = 0 THEN NULL ELSE DATE '2027-01-01' + (n % 30) END
      FROM generate_series(1, ${BULBS}) AS n`;
    await db.prisma.$executeRaw`
      INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta) VALUES
        ('c-1', 'RED-CHAIR', 10, 10, NULL),
        ('c-2', 'RED-CHAIR', 20, 4, DATE '2026-12-01'),
        ('c-3', 'RED-CHAIR', 9, 0, DATE '2027-03-01'),
        ('p-1', '-PROMO', 5, 9, NULL)`;
    await db.prisma.$executeRaw`
      INSERT INTO out_of_stock_alerts (sku, orderid, qty, at, resolved_at) VALUES
        ('RED-CHAIR', 'o-1', 50, now(), NULL),
        ('RED-CHAIR', 'o-2', 60, now(), NULL),
        ('RED-CHAIR', 'o-3', 70, now(), now())`;
  });

  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  const exportOf = (filter: Parameters<typeof LIST_CSV.skus.rows>[1]) =>
    text(csvStream(LIST_CSV.skus.rows(db.exports, filter), LIST_CSV.skus.columns));

  it('every sku, in the order on screen, under a header row', async () => {
    const [header, ...rows] = records(await exportOf({ sort: { field: 'purchased', direction: 'desc' } }));
    expect(header).toEqual([
      'sku',
      'purchased',
      'allocated',
      'available',
      'batches',
      'next_eta',
      'open_alerts',
    ]);
    expect(rows).toHaveLength(BULBS + 2);
    // The totals of its three batches, its earliest eta as a date, its open alerts only.
    expect(rows[0]).toEqual(['RED-CHAIR', '39', '14', '25', '3', '2026-12-01', '2']);
    // Ties by sku; a sku that looks like a formula is neutralised, its negative quantity stays a number.
    expect(rows.slice(1, 3)).toEqual([
      ['BULB-0001', '10', '1', '9', '1', '2027-01-02', '0'],
      ['BULB-0002', '10', '2', '8', '1', '2027-01-03', '0'],
    ]);
    expect(rows.at(-1)).toEqual(["'-PROMO", '5', '9', '-4', '1', '', '0']);
  });

  it('the search and sort on screen: only the skus shown, next eta descending (nothing on its way first)', async () => {
    const [, ...rows] = records(
      await exportOf({ search: 'bulb-00', sort: { field: 'nextEta', direction: 'desc' } }),
    );
    const expected = Array.from({ length: 99 }, (_, i) => i + 1)
      .map((n) => [`BULB-${String(n).padStart(4, '0')}`, bulbEta(n)] as const)
      .sort(([skuA, etaA], [skuB, etaB]) => {
        const byEta = (etaA === '' ? 1 : 0) - (etaB === '' ? 1 : 0) || etaA.localeCompare(etaB);
        return -byEta || skuA.localeCompare(skuB);
      });
    expect(rows.map((row) => [row[0], row[5]])).toEqual(expected);
  });
});
