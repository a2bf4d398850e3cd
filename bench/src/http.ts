/**
 * `pnpm bench:http`: allocations per second and p50/p99 latency of `POST /api/allocate`, at
 * concurrency 8 over 50 skus, on PostgreSQL, with zero errors required.
 *
 * By default it builds the web app (turbo: skipped when unchanged), creates a fresh database on the
 * test PostgreSQL server (TEST_DATABASE_ADMIN_URL), starts `next start` against it, seeds one large
 * batch per sku through the REST API, warms up, measures, checks the stock adds up, prints a table
 * and removes everything. With BASE_URL set it measures that running app instead (no build, no
 * database of its own, no stock check), with the operator API key in BENCH_API_KEY.
 *
 * Settings (environment): BASE_URL, BENCH_API_KEY, BENCH_DURATION (seconds, default 20), BENCH_CONNECTIONS (8),
 * BENCH_SKUS (50), BENCH_WARMUP (seconds, 3), BENCH_SKIP_BUILD=1, DB_POOL_SIZE (default 10).
 */
import { randomBytes } from 'node:crypto';
import { ApiKeys, PrismaApiKeyStore } from '@allocation/auth/keys';
import { systemClock } from '@allocation/composition-root';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import autocannon from 'autocannon';
import { buildWebApp, type RunningApp, startWebApp } from './lib/http-app.ts';

const settings = {
  baseUrl: process.env.BASE_URL?.replace(/\/+$/, ''),
  duration: Number(process.env.BENCH_DURATION ?? 20),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
  skus: Number(process.env.BENCH_SKUS ?? 50),
  warmup: Number(process.env.BENCH_WARMUP ?? 3),
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  poolSize: process.env.DB_POOL_SIZE ?? '10',
  apiKey: process.env.BENCH_API_KEY,
};

/** `Authorization: Bearer <the operator key>` and the JSON content type, on every request. */
let headers: Record<string, string> = { 'content-type': 'application/json' };

const say = (message: string) => console.log(`[bench:http] ${message}`);
const run = Date.now().toString(36);
const skus = Array.from(
  { length: settings.skus },
  (_, i) => `BENCH-${run}-SKU-${String(i).padStart(2, '0')}`,
);
/** Large enough that no allocation of the run is ever out of stock. */
const BATCH_QTY = 100_000_000;

interface Tally {
  allocated: number;
  unexpected: Map<string, number>;
}

async function seed(baseUrl: string): Promise<void> {
  const queue = [...skus];
  const workers = Array.from({ length: 8 }, async () => {
    for (let sku = queue.shift(); sku; sku = queue.shift()) {
      const response = await fetch(`${baseUrl}/api/add_batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ref: `${sku}-BATCH`, sku, qty: BATCH_QTY, eta: null }),
      });
      if (response.status !== 201) {
        throw new Error(`Seeding ${sku} failed: ${response.status} ${await response.text()}`);
      }
    }
  });
  await Promise.all(workers);
}

/** Drives POST /api/allocate with a new order line each time, round-robin over the skus. */
async function load(
  baseUrl: string,
  seconds: number,
  label: string,
  tally: Tally,
): Promise<autocannon.Result> {
  let sequence = 0;
  return autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: seconds,
    title: label,
    requests: [
      {
        method: 'POST',
        path: '/api/allocate',
        headers,
        setupRequest: (request) => {
          const n = sequence++;
          const sku = skus[n % skus.length];
          return { ...request, body: JSON.stringify({ orderid: `${label}-${run}-${n}`, sku, qty: 1 }) };
        },
        onResponse: (status, body) => {
          let outcome = `HTTP ${status}`;
          if (status === 202) {
            try {
              outcome = (JSON.parse(body) as { status?: string }).status ?? outcome;
            } catch {
              outcome = 'HTTP 202 without JSON';
            }
          }
          if (outcome === 'allocated') tally.allocated++;
          else tally.unexpected.set(outcome, (tally.unexpected.get(outcome) ?? 0) + 1);
        },
      },
    ],
  });
}

/**
 * Every allocation that answered "allocated" holds one unit, and no batch is over-allocated. A run
 * ends with up to one request per connection in flight: those may have allocated without being counted.
 */
async function checkStock(database: Database, counted: number, inFlight: number): Promise<string> {
  let allocated = 0;
  let overAllocated = 0;
  for (const sku of skus) {
    for (const batch of await database.views.stockForSku(sku)) {
      allocated += batch.allocated;
      if (batch.available < 0) overAllocated++;
    }
  }
  if (allocated < counted || allocated > counted + inFlight || overAllocated > 0) {
    throw new Error(
      `Stock does not add up: ${allocated} units allocated for ${counted} successful allocations (+ at most ${inFlight} in flight); ${overAllocated} batches over-allocated`,
    );
  }
  return `Stock adds up: ${allocated} units allocated for ${counted} answered allocations + ${allocated - counted} in flight at the end of a run; no batch over-allocated`;
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
  return [
    line,
    ...rows.map(([name, value]) => `| ${name.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    line,
  ].join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  let app: RunningApp | undefined;
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  const cleanUp = async () => {
    await app?.stop();
    await database?.close();
    await testDatabase?.drop();
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });

  try {
    let baseUrl = settings.baseUrl;
    if (!baseUrl) {
      if (!settings.skipBuild) {
        say('Building the web app (turbo; cached when unchanged) ...');
        await buildWebApp();
      }
      testDatabase = await createTestDatabase();
      say(`Fresh database ${testDatabase.name}; starting next start ...`);
      app = await startWebApp({
        DATABASE_URL: testDatabase.url,
        DB_POOL_SIZE: settings.poolSize,
        LOG_LEVEL: 'warn',
        AUTH_SECRET: randomBytes(32).toString('base64url'),
      });
      baseUrl = app.baseUrl;
      // The app has migrated its database by now: the benchmark's own key goes straight into it.
      database = await openDatabase({
        url: testDatabase.url,
        poolSize: 2,
        writeOutbox: false,
        clock: systemClock,
      });
      const keys = new ApiKeys(new PrismaApiKeyStore(database.prisma));
      settings.apiKey = (await keys.create({ name: 'bench-http', role: 'operator', createdBy: 'bench' })).key;
    }
    if (!settings.apiKey)
      throw new Error('BENCH_API_KEY is unset: give an operator key of the app at BASE_URL');
    headers = { ...headers, authorization: `Bearer ${settings.apiKey}` };
    say(`Target ${baseUrl}; seeding ${skus.length} skus through POST /api/add_batch ...`);
    await seed(baseUrl);

    const warmupTally: Tally = { allocated: 0, unexpected: new Map() };
    if (settings.warmup > 0) {
      say(`Warming up for ${settings.warmup} s ...`);
      await load(baseUrl, settings.warmup, 'warmup', warmupTally);
    }
    say(`Measuring for ${settings.duration} s at concurrency ${settings.connections} ...`);
    const tally: Tally = { allocated: 0, unexpected: new Map() };
    const result = await load(baseUrl, settings.duration, 'measure', tally);

    const errors =
      result.errors +
      result.timeouts +
      result.non2xx +
      [...tally.unexpected.values()].reduce((a, b) => a + b, 0);
    const rows: [string, string][] = [
      ['target', settings.baseUrl ? baseUrl : 'next start, PostgreSQL (fresh database)'],
      ['concurrency', String(settings.connections)],
      ['skus', String(skus.length)],
      ['duration', `${result.duration.toFixed(1)} s`],
      ['allocations', String(tally.allocated)],
      ['allocations/s', (tally.allocated / result.duration).toFixed(0)],
      ['latency p50', `${result.latency.p50} ms`],
      ['latency p90', `${result.latency.p90} ms`],
      ['latency p99', `${result.latency.p99} ms`],
      ['latency max', `${result.latency.max} ms`],
      ['errors', String(errors)],
    ];
    console.log(`\nPOST /api/allocate\n${table(rows)}`);
    if (tally.unexpected.size > 0) console.log('Unexpected replies:', Object.fromEntries(tally.unexpected));
    if (result.errors || result.timeouts)
      console.log(`Connection errors: ${result.errors}, timeouts: ${result.timeouts}`);

    if (database) {
      const runs = settings.warmup > 0 ? 2 : 1;
      say(await checkStock(database, tally.allocated + warmupTally.allocated, runs * settings.connections));
    }
    if (errors > 0 && app) console.log(`The app's last output:\n${app.output().slice(-3000)}`);
    say(
      `Done in ${((Date.now() - started) / 1000).toFixed(0)} s${errors > 0 ? ' WITH ERRORS' : ', zero errors'}`,
    );
    return errors > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench:http] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
