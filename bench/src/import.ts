/**
 * `pnpm bench:import`: CSV import of order lines through the message bus on PostgreSQL, as the
 * command line runs it (the app's CsvImport: every row checked, then applied per sku, 8 skus at
 * once). Reports rows/s of the check, of the apply (through the bus) and overall.
 *
 * Creates its own database on the test server (TEST_DATABASE_ADMIN_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres) and drops it at the end.
 * Settings (environment): BENCH_IMPORT_ROWS (order lines, default 100000), BENCH_IMPORT_SKUS (1000),
 * BENCH_IMPORT_CONCURRENCY (8), DB_POOL_SIZE (10).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@allocation/composition-root';
import { createCsvImport, type ImportKind } from '@allocation/csv-import';
import { openDatabase } from '@allocation/db';
import { createTestDatabase } from '@allocation/db/testing';
import { bootstrap, type Logger, serviceOrigin } from '@allocation/domain';

const settings = {
  rows: Number(process.env.BENCH_IMPORT_ROWS ?? 100_000),
  skus: Number(process.env.BENCH_IMPORT_SKUS ?? 1_000),
  concurrency: Number(process.env.BENCH_IMPORT_CONCURRENCY ?? 8),
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
};

const say = (message: string) => console.log(`[bench:import] ${message}`);
const skuOf = (i: number) => `IMPORT-${String(i % settings.skus).padStart(4, '0')}`;

/** Counts what the bus logs: retried conflicts (warn) and failed event handlers (error). */
const logged = { conflicts: 0, errors: 0 };
const logger: Logger = {
  info() {},
  warn: (message) => void (message.startsWith('Concurrent update') && logged.conflicts++),
  error: () => void logged.errors++,
};

const test = await createTestDatabase();
const folder = await mkdtemp(join(tmpdir(), 'bench-import-'));
const db = await openDatabase({ url: test.url, poolSize: settings.poolSize, clock: systemClock });
try {
  const bus = bootstrap({
    uow: db.uow,
    notifications: db.notificationLog,
    clock: systemClock,
    logger,
    stockTeamAddress: 'stock@example.com',
  });
  const csvImport = createCsvImport({ bus, uow: db.uow, concurrency: settings.concurrency });

  const batches = [
    'ref,sku,qty,eta',
    ...Array.from({ length: settings.skus }, (_, i) => `wh-${i},${skuOf(i)},1000000000,`),
  ];
  const orders = [
    'orderid,sku,qty',
    ...Array.from(
      { length: settings.rows },
      (_, i) => `order-${Math.floor(i / settings.skus)},${skuOf(i)},1`,
    ),
  ];
  await writeFile(join(folder, 'batches.csv'), `${batches.join('\n')}\n`);
  await writeFile(join(folder, 'orders.csv'), `${orders.join('\n')}\n`);
  say(
    `${settings.rows} order lines over ${settings.skus} skus, ${settings.concurrency} skus at once, pool ${settings.poolSize}; ` +
      `${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
  );

  const timed = async (kind: ImportKind) => {
    const source = createReadStream(join(folder, `${kind}.csv`));
    const started = performance.now();
    const checked = await csvImport.check(kind, source, `${kind}.csv`);
    const checkedAt = performance.now();
    if (checked.problems.length > 0)
      throw new Error(`refused: ${JSON.stringify(checked.problems.slice(0, 3))}`);
    const report = await csvImport.apply(checked, { origin: serviceOrigin('bench:import') });
    const done = performance.now();
    return { report, check: (checkedAt - started) / 1000, apply: (done - checkedAt) / 1000 };
  };

  const stock = await timed('batches');
  say(`batches: ${stock.report.counts.created} created in ${(stock.check + stock.apply).toFixed(1)} s`);

  const { report, check, apply } = await timed('orders');
  const rate = (seconds: number) => Math.round(settings.rows / seconds);
  say(`orders: ${JSON.stringify(report.counts)}`);
  say(`check  ${check.toFixed(1)} s  ${rate(check)} rows/s`);
  say(`apply  ${apply.toFixed(1)} s  ${rate(apply)} rows/s through the bus`);
  say(`total  ${(check + apply).toFixed(1)} s  ${rate(check + apply)} rows/s`);
  say(`conflicts retried ${logged.conflicts}, failed event handlers ${logged.errors}`);
  if (report.counts.allocated !== settings.rows) throw new Error('not every line was allocated');
} finally {
  await db.close();
  await test.drop();
  await rm(folder, { recursive: true, force: true });
}
