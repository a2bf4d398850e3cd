/**
 * `pnpm bench:allocate`: what allocating costs through the message bus + domain + Prisma/pg adapter
 * + PostgreSQL, against the same transaction written by hand in raw SQL, in the same run.
 *
 * - allocations/s at concurrency 1 and 8, spread over 50 skus and all on one hot sku, for
 *   the bus with the unit of work (transactions on the pg pool Prisma uses), with and without its
 *   hot-product queue, and raw SQL; conflicts retried and failures counted;
 * - allocation latency on one sku with 100 and with 100,000 existing allocations.
 *
 * It creates its own database on the test server (TEST_DATABASE_ADMIN_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres) and drops it at the end.
 * Settings (environment): BENCH_DURATION (seconds per measurement, default 3), BENCH_ROUNDS (2: each
 * figure is two measurements, the implementations alternating), BENCH_WARMUP (1),
 * BENCH_LATENCY_SAMPLES (300), BENCH_HISTORY (100000), DB_POOL_SIZE (10).
 */
import { cpus, loadavg } from 'node:os';
import { systemClock } from '@allocation/composition-root';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase } from '@allocation/db/testing';
import {
  Allocate,
  type AllocationBus,
  bootstrap,
  CreateBatch,
  type Logger,
  serviceOrigin,
} from '@allocation/domain';

const benchOrigin = serviceOrigin('bench');

import pg from 'pg';
import { rawAllocate } from './lib/raw-allocation.ts';

const settings = {
  duration: Number(process.env.BENCH_DURATION ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 2),
  warmup: Number(process.env.BENCH_WARMUP ?? 1),
  latencySamples: Number(process.env.BENCH_LATENCY_SAMPLES ?? 300),
  history: Number(process.env.BENCH_HISTORY ?? 100_000),
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
  skus: 50,
};

const say = (message: string) => console.log(`[bench:allocate] ${message}`);
const run = Date.now().toString(36);
const skus = Array.from({ length: settings.skus }, (_, i) => `BENCH-${run}-${String(i).padStart(2, '0')}`);
const HOT = `BENCH-${run}-HOT`;
const LATENCY_SKU = `BENCH-${run}-HISTORY`;
const BIG = 1_000_000_000;

/** Counts what the bus logs: retried conflicts (warn) and failed event handlers (error). */
class CountingLogger implements Logger {
  conflicts = 0;
  errors = 0;
  lastError: string | undefined;
  info(): void {}
  readonly conflictsBy = new Map<string, number>();
  warn(message: string, context?: Record<string, unknown>): void {
    if (!message.startsWith('Concurrent update')) return;
    this.conflicts++;
    const type = String(context?.message ?? '?');
    this.conflictsBy.set(type, (this.conflictsBy.get(type) ?? 0) + 1);
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.errors++;
    this.lastError = `${message} ${JSON.stringify(context?.error ?? '')}`;
    if (process.env.BENCH_DEBUG) console.log('hidden failure', this.lastError.slice(0, 300));
  }
}

interface Implementation {
  readonly name: string;
  /** Allocates one line; resolves false when it was out of stock. */
  allocate(line: { orderid: string; sku: string; qty: number }): Promise<void>;
  conflicts(): number;
  /** Failures that did not reach the caller (a failed event handler leaves the read model behind). */
  hiddenFailures(): number;
  debug?(): string;
}

function busImplementation(name: string, db: Database): Implementation {
  const logger = new CountingLogger();
  const bus: AllocationBus = bootstrap({
    uow: db.uow,
    notifications: db.notificationLog,
    clock: systemClock,
    logger,
    stockTeamAddress: 'stock@example.com',
  });
  return {
    name,
    allocate: async (line) => {
      const outcome = await bus.handle(Allocate(line), benchOrigin);
      if (outcome.status !== 'allocated') throw new Error(`out of stock: ${line.sku}`);
    },
    conflicts: () => logger.conflicts,
    hiddenFailures: () => logger.errors,
    ...(process.env.BENCH_DEBUG ? { debug: () => JSON.stringify([...logger.conflictsBy]) } : {}),
  };
}

function rawImplementation(pool: pg.Pool): Implementation {
  let conflicts = 0;
  return {
    name: 'raw SQL (pg)',
    allocate: async (line) => {
      const outcome = await rawAllocate(pool, line, () => conflicts++);
      if (outcome.status !== 'allocated') throw new Error(`out of stock: ${line.sku}`);
    },
    conflicts: () => conflicts,
    hiddenFailures: () => 0,
  };
}

interface Measurement {
  readonly implementation: string;
  readonly scenario: string;
  readonly concurrency: number;
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly conflicts: number;
  readonly failed: number;
  readonly firstError?: string;
  readonly latencies: readonly number[];
  readonly elapsed: number;
}

/** Several rounds of one measurement as one: rates over the total time, percentiles over all samples. */
function merge(parts: readonly Measurement[]): Measurement {
  const [first] = parts as [Measurement];
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const elapsed = parts.reduce((sum, p) => sum + p.elapsed, 0);
  const firstError = parts.find((p) => p.firstError)?.firstError;
  return {
    ...first,
    count: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    conflicts: parts.reduce((sum, p) => sum + p.conflicts, 0),
    failed: parts.reduce((sum, p) => sum + p.failed, 0),
    latencies,
    elapsed,
    ...(firstError ? { firstError } : {}),
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

let orderSeq = 0;

async function measure(
  impl: Implementation,
  scenario: 'over 50 skus' | 'one hot sku',
  concurrency: number,
): Promise<Measurement> {
  const pick =
    scenario === 'one hot sku' ? () => HOT : () => skus[Math.floor(Math.random() * skus.length)] as string;
  const drive = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    let failed = 0;
    let firstError: string | undefined;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          try {
            await impl.allocate({ orderid: `o-${run}-${orderSeq++}`, sku: pick(), qty: 1 + (orderSeq % 3) });
            if (record) latencies.push(performance.now() - started);
          } catch (error) {
            failed++;
            firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          }
        }
      }),
    );
    return { latencies, failed, firstError };
  };
  await drive(settings.warmup, false);
  const conflictsBefore = impl.conflicts();
  const hiddenBefore = impl.hiddenFailures();
  const started = performance.now();
  const { latencies, failed, firstError } = await drive(settings.duration, true);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    implementation: impl.name,
    scenario,
    concurrency,
    count: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    conflicts: impl.conflicts() - conflictsBefore,
    failed: failed + impl.hiddenFailures() - hiddenBefore,
    ...(firstError ? { firstError } : {}),
    latencies,
    elapsed,
  };
}

async function latencyWithHistory(impl: Implementation, pool: pg.Pool) {
  const sample = async (label: string) => {
    for (let i = 0; i < 20; i++)
      await impl.allocate({ orderid: `warm-${label}-${i}`, sku: LATENCY_SKU, qty: 1 });
    const latencies: number[] = [];
    for (let i = 0; i < settings.latencySamples; i++) {
      const started = performance.now();
      await impl.allocate({ orderid: `lat-${label}-${i}`, sku: LATENCY_SKU, qty: 1 });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), mean: mean(latencies) };
  };
  await seedHistory(pool, 100, 'h100');
  const existingSmall = await allocationCount(pool);
  const small = await sample('small');
  await seedHistory(pool, settings.history - (await allocationCount(pool)), 'h100k');
  const existingLarge = await allocationCount(pool);
  const large = await sample('large');
  return { small: { ...small, existing: existingSmall }, large: { ...large, existing: existingLarge } };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function allocationCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM allocations WHERE sku = $1',
    [LATENCY_SKU],
  );
  return rows[0]?.n ?? 0;
}

/** Writes `count` past allocations of one unit on the latency sku's warehouse batch, as the app would have. */
async function seedHistory(pool: pg.Pool, count: number, prefix: string): Promise<void> {
  if (count <= 0) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO allocations (batch_id, orderid, sku, qty)
       SELECT b.id, $3::text || '-' || g, $1::text, 1 FROM batches b, generate_series(1, $2::int) g WHERE b.reference = $1::text || '-warehouse'`,
      [LATENCY_SKU, count, `${prefix}-${run}`],
    );
    await client.query(
      "UPDATE batches SET allocated_quantity = allocated_quantity + $2 WHERE reference = $1 || '-warehouse'",
      [LATENCY_SKU, count],
    );
    await client.query('UPDATE products SET version_number = version_number + $2 WHERE sku = $1::text', [
      LATENCY_SKU,
      count,
    ]);
    await client.query(
      `INSERT INTO allocations_view (orderid, sku, qty, batchref)
       SELECT $3::text || '-' || g, $1::text, 1, $1::text || '-warehouse' FROM generate_series(1, $2::int) g`,
      [LATENCY_SKU, count, `${prefix}-${run}`],
    );
    await client.query(
      "UPDATE batch_stock_view SET allocated = allocated + $2 WHERE reference = $1 || '-warehouse'",
      [LATENCY_SKU, count],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE allocations; ANALYZE allocations_view');
  } finally {
    client.release();
  }
}

/** Every batch of the run: allocated total = its lines = the read model's, never above purchased. */
async function checkConsistency(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{
    reference: string;
    purchased: number;
    allocated: number;
    lines: number;
    view: number;
  }>(
    `SELECT b.reference, b.purchased_quantity AS purchased, b.allocated_quantity AS allocated,
            (SELECT coalesce(sum(qty), 0)::int FROM allocations a WHERE a.batch_id = b.id) AS lines,
            v.allocated AS view
     FROM batches b JOIN batch_stock_view v ON v.reference = b.reference WHERE b.sku LIKE $1`,
    [`BENCH-${run}-%`],
  );
  return rows
    .filter((r) => r.allocated > r.purchased || r.lines !== r.allocated || r.view !== r.allocated)
    .map(
      (r) =>
        `${r.reference}: purchased ${r.purchased}, allocated ${r.allocated}, lines ${r.lines}, view ${r.view}`,
    );
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  say('creating a database of its own…');
  const database = await createTestDatabase();
  const opened: Database[] = [];
  const pool = new pg.Pool({ connectionString: database.url, max: settings.poolSize });
  // Dropping the database at the end terminates connections still closing; that is no failure.
  pool.on('error', () => {});
  try {
    const viaPg = await openDatabase({ url: database.url, poolSize: settings.poolSize, clock: systemClock });
    opened.push(viaPg);
    const optimistic = await openDatabase({
      url: database.url,
      poolSize: settings.poolSize,
      queueHotProducts: false,
      clock: systemClock,
    });
    opened.push(optimistic);
    const seedBus = bootstrap({
      uow: viaPg.uow,
      notifications: viaPg.notificationLog,
      clock: systemClock,
      logger: new CountingLogger(),
      stockTeamAddress: 'stock@example.com',
    });
    for (const sku of [...skus, HOT, LATENCY_SKU]) {
      await seedBus.handle(CreateBatch({ ref: `${sku}-warehouse`, sku, qty: BIG, eta: null }), benchOrigin);
      await seedBus.handle(
        CreateBatch({ ref: `${sku}-shipment`, sku, qty: BIG, eta: '2030-01-01' }),
        benchOrigin,
      );
    }
    say(
      `seeded ${skus.length + 2} skus; measuring ${settings.duration}s each after ${settings.warmup}s warm-up`,
    );

    const implementations = [
      busImplementation('bus + unit of work (pg pool)', viaPg),
      busImplementation('bus + unit of work (pg pool, no hot queue)', optimistic),
      rawImplementation(pool),
    ];
    const results: Measurement[] = [];
    const only = process.env.BENCH_ONLY;
    const measured = implementations.filter(
      (i) => !only || i.name.includes(only) || i.name.startsWith('raw'),
    );
    for (const scenario of ['over 50 skus', 'one hot sku'] as const) {
      for (const concurrency of [1, 8]) {
        // Rounds alternate the implementations, so a burst of load on this shared machine hits them alike.
        const parts = new Map<Implementation, Measurement[]>(measured.map((impl) => [impl, []]));
        for (let round = 0; round < settings.rounds; round++) {
          for (const impl of measured) parts.get(impl)?.push(await measure(impl, scenario, concurrency));
        }
        for (const impl of measured) {
          const result = merge(parts.get(impl) ?? []);
          results.push(result);
          say(
            `${impl.name}, ${scenario}, c=${concurrency}: ${fmt(result.perSecond)}/s ${impl.debug?.() ?? ''}`,
          );
        }
      }
    }

    say(`latency with 100 vs ${fmt(settings.history)} existing allocations on one sku…`);
    const latency = await latencyWithHistory(implementations[0] as Implementation, pool);
    const inconsistencies = await checkConsistency(pool);

    const rows = results.map((r) => [
      r.implementation,
      `${r.scenario}, c=${r.concurrency}`,
      fmt(r.perSecond),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      fmt(r.conflicts),
      fmt(r.failed),
    ]);
    console.log(
      `\nAllocation throughput (each row: ${settings.rounds} x ${settings.duration}s, implementations alternating)\n`,
    );
    console.log(
      table(
        ['implementation', 'scenario', 'alloc/s', 'p50 ms', 'p99 ms', 'conflicts retried', 'failed'],
        rows,
      ),
    );

    const find = (impl: string, scenario: string, c: number) =>
      results.find((r) => r.implementation === impl && r.scenario === scenario && r.concurrency === c);
    const ratio = (scenario: string, c: number, impl = 'bus + unit of work (pg pool)') => {
      const layered = find(impl, scenario, c);
      const raw = find('raw SQL (pg)', scenario, c);
      return layered && raw ? layered.perSecond / raw.perSecond : Number.NaN;
    };
    const hotFailed = results
      .filter((r) => r.scenario === 'one hot sku' && r.implementation === 'bus + unit of work (pg pool)')
      .reduce((sum, r) => sum + r.failed, 0);
    const latencyRatio = latency.large.p50 / latency.small.p50;
    console.log('\nAllocation latency through the bus, one sku, c=1\n');
    console.log(
      table(
        ['existing allocations', 'samples', 'p50 ms', 'p95 ms', 'mean ms'],
        [latency.small, latency.large].map((l) => [
          fmt(l.existing),
          fmt(settings.latencySamples),
          fmt(l.p50, 2),
          fmt(l.p95, 2),
          fmt(l.mean, 2),
        ]),
      ),
    );
    const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
    console.log('\nTargets\n');
    console.log(
      table(
        ['figure', 'value', 'target', 'verdict'],
        [
          [
            'bus (pg pool) / raw SQL, c=8, 50 skus',
            `${fmt(ratio('over 50 skus', 8) * 100)}%`,
            '>= 50%',
            verdict(ratio('over 50 skus', 8) >= 0.5),
          ],
          ['bus (pg pool) / raw SQL, c=8, hot sku', `${fmt(ratio('one hot sku', 8) * 100)}%`, '(info)', ''],
          [
            'latency p50 100,000 / 100 existing',
            fmt(latencyRatio, 2),
            '<= 1.5',
            verdict(latencyRatio <= 1.5),
          ],
          [
            'failed allocations, hot sku, bus (pg pool), c=1+8',
            fmt(hotFailed),
            '0',
            verdict(hotFailed === 0),
          ],
          [
            'consistency (allocated = lines = view <= purchased)',
            inconsistencies.length === 0 ? 'ok' : `${inconsistencies.length} bad`,
            'ok',
            verdict(inconsistencies.length === 0),
          ],
        ],
      ),
    );
    for (const r of results.filter((m) => m.firstError)) {
      console.log(`first error, ${r.implementation}, ${r.scenario}, c=${r.concurrency}: ${r.firstError}`);
    }
    for (const bad of inconsistencies.slice(0, 10)) console.log(`inconsistent: ${bad}`);
    say(
      `done in ${fmt((performance.now() - startedAt) / 1000, 1)}s; load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores (was ${loadAtStart} at the start)`,
    );
  } finally {
    await pool.end();
    for (const db of opened) await db.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
