/**
 * `pnpm bench:dashboard`: the dashboard's queries on a large stock history, on PostgreSQL, through
 * the app's own adapter (SqlStockHistoryViews). Loads BENCH_HISTORY_ROWS history rows (default
 * 1,000,000) over BENCH_HISTORY_SKUS skus (1,000, three batches each) spread over the last year,
 * catches the hourly roll-up up (timed), then runs each query BENCH_DASHBOARD_RUNS times (30) per
 * period (24 h, 7 d, 30 d, 90 d, and 365 d: the longest custom range, the worst case) and reports
 * p50/p95/max. Target: every query under 150 ms at p95.
 *
 * Creates its own database on the test server (TEST_DATABASE_ADMIN_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres) and drops it at the end.
 */
import { cpus, loadavg } from 'node:os';
import { systemClock } from '@allocation/composition-root';
import { openDatabase, StockHistoryRollup } from '@allocation/db';
import { createTestDatabase } from '@allocation/db/testing';
import { bucketFor, type DashboardPeriod } from '@allocation/domain';
import pg from 'pg';

const settings = {
  rows: Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000),
  skus: Number(process.env.BENCH_HISTORY_SKUS ?? 1_000),
  runs: Number(process.env.BENCH_DASHBOARD_RUNS ?? 30),
};
const TARGET_P95_MS = 150;
const BATCHES_PER_SKU = 3;

const say = (message: string) => console.log(`[bench:dashboard] ${message}`);

/**
 * The write model's products and batches (the dashboard reads which batches exist from the batch
 * view), then the history in one statement: mostly allocations, some out-of-stocks, cancellations,
 * moves and quantity changes, at random instants of the last year, with plausible stock left.
 */
const LOAD = `
  INSERT INTO products (sku, version_number)
  SELECT 'SKU-' || lpad(s::text, 4, '0'), 1 FROM generate_series(0, $1::int - 1) s;

  INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
  SELECT 'b-' || s || '-' || b, 'SKU-' || lpad(s::text, 4, '0'), 10000, (random() * 10000)::int, NULL
  FROM generate_series(0, $1::int - 1) s, generate_series(1, ${BATCHES_PER_SKU}) b;

  INSERT INTO batch_stock_view (reference, sku, purchased, allocated, eta, version)
  SELECT reference, sku, purchased_quantity, allocated_quantity, eta, 1 FROM batches;

  INSERT INTO stock_history (at, kind, sku, batchref, orderid, qty, batch_purchased, batch_available,
    sku_available)
  SELECT now() - random() * interval '365 days', kind, sku,
    CASE WHEN kind = 'out_of_stock' THEN NULL ELSE 'b-' || s || '-' || b END,
    CASE WHEN kind IN ('batch_added', 'quantity_changed') THEN NULL ELSE 'order-' || i END,
    1 + (random() * 20)::int,
    CASE WHEN kind = 'out_of_stock' THEN NULL ELSE 10000 END,
    CASE WHEN kind = 'out_of_stock' THEN NULL ELSE (random() * 10000)::int END,
    (random() * 30000)::int
  FROM (
    SELECT i, i % $1::int AS s, 1 + (i / $1::int) % ${BATCHES_PER_SKU} AS b,
      'SKU-' || lpad((i % $1::int)::text, 4, '0') AS sku,
      CASE WHEN r < 0.80 THEN 'allocated' WHEN r < 0.85 THEN 'out_of_stock' WHEN r < 0.90 THEN 'deallocated'
           WHEN r < 0.95 THEN 'pushed_out' ELSE 'quantity_changed' END AS kind
    FROM (SELECT i, random() AS r FROM generate_series(1, $2::int) i) g
  ) rows;
`;

const test = await createTestDatabase();
const db = await openDatabase({ url: test.url, clock: systemClock });
try {
  say(
    `${settings.rows.toLocaleString('en')} history rows over ${settings.skus} skus (${BATCHES_PER_SKU} batches each), ` +
      `a year; ${settings.runs} runs per query and period; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
  );
  const client = new pg.Client({ connectionString: test.url });
  await client.connect();
  const loading = performance.now();
  // Several statements with parameters need the extended protocol one at a time.
  for (const statement of LOAD.split(';').map((s) => s.trim())) {
    if (statement === '') continue;
    const used = [...new Set(statement.match(/\$\d/g) ?? [])].length;
    await client.query(statement, [settings.skus, settings.rows].slice(0, used));
  }
  await client.query('VACUUM ANALYZE stock_history');
  await client.query('VACUUM ANALYZE batch_stock_view');
  const { rows: sized } = await client.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_total_relation_size('stock_history')) AS size",
  );
  await client.end();
  say(
    `loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s; stock_history with indexes: ${sized[0]?.size}`,
  );
  // The dashboard's queries keep the hourly roll-up caught up as rows come; a year loaded at once is
  // caught up here, then vacuumed as autovacuum would have done over the year (each chunk of random
  // instants rewrote most hours).
  const rolling = performance.now();
  const rolled = await new StockHistoryRollup(db.prisma).catchUpAll();
  const rolledIn = (performance.now() - rolling) / 1000;
  await db.prisma.$executeRaw`VACUUM ANALYZE stock_history_hourly`;
  say(`rolled up ${rolled.toLocaleString('en')} rows by the hour in ${rolledIn.toFixed(1)} s`);

  const now = new Date();
  const periods: [string, DashboardPeriod][] = [24, 7 * 24, 30 * 24, 90 * 24, 365 * 24].map((hours) => {
    const from = new Date(now.getTime() - hours * 3_600_000);
    return [hours === 24 ? '24 h' : `${hours / 24} d`, { from, to: now, bucket: bucketFor(from, now) }];
  });
  const history = db.stockHistory;
  const skuOf = (run: number) => `SKU-${String((run * 37) % settings.skus).padStart(4, '0')}`;
  const queries: [string, (period: DashboardPeriod, run: number) => Promise<unknown>][] = [
    ['figures', (p) => history.dashboardFigures(p)],
    ['allocations over time', (p) => history.allocationsOverTime(p)],
    ['out of stock per day', (p) => history.outOfStockPerDay(p)],
    ['running out (top 10)', (p) => history.runningOut(p, 10)],
    ['sku stock over time', (p, run) => history.skuStockOverTime(skuOf(run), p)],
  ];

  const results: { query: string; period: string; p50: number; p95: number; max: number }[] = [];
  for (const [name, run] of queries) {
    for (const [label, period] of periods) {
      for (let i = 0; i < 3; i++) await run(period, i); // warm the cache and the prepared plans
      const times: number[] = [];
      for (let i = 0; i < settings.runs; i++) {
        const started = performance.now();
        await run(period, i);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
      results.push({ query: name, period: label, p50: at(0.5), p95: at(0.95), max: times.at(-1) ?? 0 });
    }
  }

  console.log('');
  console.log(
    `${'query'.padEnd(24)}${'period'.padEnd(8)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`,
  );
  for (const r of results) {
    const flag = r.p95 > TARGET_P95_MS ? `  over the ${TARGET_P95_MS} ms target` : '';
    console.log(
      `${r.query.padEnd(24)}${r.period.padEnd(8)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}${r.max.toFixed(1).padStart(9)}${flag}`,
    );
  }
  const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  console.log(
    `\nworst p95: ${worst.p95.toFixed(1)} ms (${worst.query}, ${worst.period}); target ${TARGET_P95_MS} ms: ${
      worst.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'
    }; load ${loadavg()[0]?.toFixed(1)}`,
  );
} finally {
  await db.close();
  await test.drop();
}
