/**
 * `pnpm bench:export`: a list view downloaded as CSV from PostgreSQL, as the app's route streams it
 * (the batch list's cursor through the CSV writer), into a sink that only counts bytes. Reports rows/s
 * and the process's resident memory: before, sampled every 50 ms during, and the peak; run for a tenth
 * of the rows first, so the two peaks show whether memory grows with the rows (it must not).
 *
 * The rows are written straight into the read table (`batch_stock_view`) with generate_series: this
 * measures the read side, not the commands that usually fill it. Creates its own database on the test
 * server (TEST_DATABASE_ADMIN_URL) and drops it at the end. Settings: BENCH_EXPORT_ROWS (1000000).
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock } from '@allocation/composition-root';
import { csvStream, LIST_CSV } from '@allocation/csv-export';
import { openDatabase } from '@allocation/db';
import { createTestDatabase } from '@allocation/db/testing';

const rows = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const say = (message: string) => console.log(`[bench:export] ${message}`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const test = await createTestDatabase();
// Writing a million rows takes longer than the service's statement timeout (the export lifts it itself).
const db = await openDatabase({ url: test.url, clock: systemClock, bounds: { statementTimeoutMs: 600_000 } });
try {
  say(`writing ${rows.toLocaleString('en')} batches into the read table…`);
  await db.prisma.$executeRaw`
    INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta)
    SELECT 'batch-' || lpad(n::text, 8, '0'), 'SKU-' || lpad((n % 1000)::text, 4, '0'), 100 + n % 900, n % 100,
           CASE WHEN n % 5 = 0 THEN NULL ELSE DATE '2027-01-01' + (n % 365) END
    FROM generate_series(1, ${rows}) AS n`;
  await db.prisma.$executeRawUnsafe('VACUUM ANALYZE batch_stock_view');

  for (const limit of [Math.round(rows / 10), rows]) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    let bytes = 0;
    let exported = 0;
    const started = performance.now();
    // The batch list sorted by eta (warehouse first), as the page's default; limited for the small run.
    const all = LIST_CSV.batches.rows(db.exports, { sort: { field: 'eta', direction: 'asc' } });
    async function* firstRows() {
      for await (const row of all) {
        if (exported === limit) return;
        exported += 1;
        yield row;
      }
    }
    await pipeline(
      csvStream(firstRows(), LIST_CSV.batches.columns),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          peak = Math.max(peak, process.memoryUsage().rss);
          done();
        },
      }),
    );
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    say(
      `${exported.toLocaleString('en')} rows, ${mib(bytes)} of CSV in ${seconds.toFixed(2)} s: ` +
        `${Math.round(exported / seconds).toLocaleString('en')} rows/s; RSS before ${mib(before)}, ` +
        `peak ${mib(peak)} (+${mib(peak - before)})`,
    );
  }
} finally {
  await db.close();
  await test.drop();
}
