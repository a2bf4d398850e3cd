/**
 * `pnpm bench:http`: what serving costs. In one invocation, on one fresh PostgreSQL database, at
 * concurrency 8: allocations through the bus alone in this process (the `bench:allocate` path), then
 * `POST /api/allocate` and the tRPC `allocation.allocate` mutation through the app built and started
 * as `pnpm start` does, first over 50 skus, then all on one hot sku. Prints allocations/s, p50/p99/max,
 * errors, the served/bus ratio and the load average beside each figure, and checks the targets.
 *
 * Flags: `--cpu-prof` (each web process writes a V8 CPU profile; the ten heaviest frames are
 * printed), `--soak[=seconds]` (then REST at concurrency 8 for 120 s or the given time, the
 * resident memory of every web process sampled every 5 s: errors and growth after warm-up).
 * Settings (environment): BENCH_DURATION (s per measurement, 10), BENCH_WARMUP (s, 3),
 * BENCH_CONNECTIONS (8), BENCH_SKUS (50), BENCH_PORT (3220), BENCH_SKIP_BUILD=1, DB_POOL_SIZE (10: the
 * web tier's total, and the bus-alone pool), WEB_CONCURRENCY (default: one per core),
 * TEST_DATABASE_ADMIN_URL, TEST_DATABASE_PREFIX (the database's name).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentity } from '@allocation/auth';
import { ApiKeys, PrismaApiKeyStore } from '@allocation/auth/keys';
import { systemClock } from '@allocation/composition-root';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import { Allocate, bootstrap, CreateBatch, type Logger, serviceOrigin } from '@allocation/domain';
import { formatSummary, summarizeProfile } from './lib/cpu-profile.ts';
import { type Call, drive, type Run, table } from './lib/drive.ts';
import { buildWebApp } from './lib/http-app.ts';
import { HttpClient } from './lib/http-client.ts';
import { type ServedApp, startServedApp } from './lib/served-app.ts';
import { soak } from './lib/soak.ts';

const flag = (name: string) =>
  process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const soakFlag = flag('soak');
const settings = {
  duration: Number(process.env.BENCH_DURATION ?? 10),
  warmup: Number(process.env.BENCH_WARMUP ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
  skus: Number(process.env.BENCH_SKUS ?? 50),
  port: Number(process.env.BENCH_PORT ?? 3220),
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
  cpuProf: flag('cpu-prof') !== undefined,
  soakSeconds: soakFlag ? Number(soakFlag.split('=')[1] ?? 120) : 0,
};

const say = (message: string) => console.log(`[bench:http] ${message}`);
const run = Date.now().toString(36);
const skus = Array.from({ length: settings.skus }, (_, i) => `BENCH-${run}-${String(i).padStart(2, '0')}`);
const HOT = `BENCH-${run}-HOT`;
/** Large enough that no allocation of the run is ever out of stock. */
const BIG = 1_000_000_000;
const benchOrigin = serviceOrigin('bench');
/** `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`: thread 0 is the main thread (1 is tsx's loader). */
const MAIN_THREAD_PROFILE = /\.\d+\.0\.\d+\.cpuprofile$/;
const quiet: Logger = { info() {}, warn() {}, error() {} };

type Scenario = 'over 50 skus' | 'one hot sku';
const skuFor = (scenario: Scenario, n: number) =>
  scenario === 'one hot sku' ? HOT : (skus[n % skus.length] as string);

interface Paths {
  bus: (scenario: Scenario) => Call;
  rest: (scenario: Scenario) => Call;
  trpc: (scenario: Scenario) => Call;
}

function restCall(client: HttpClient, apiKey: string): (scenario: Scenario) => Call {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  return (scenario) => async (n) => {
    const body = JSON.stringify({ orderid: `rest-${run}-${n}`, sku: skuFor(scenario, n), qty: 1 });
    const reply = await client.post('/api/allocate', body, headers);
    if (reply.status !== 202) return `HTTP ${reply.status} ${reply.body.slice(0, 120)}`;
    const status = (JSON.parse(reply.body) as { status?: string }).status;
    return status === 'allocated' ? 'ok' : `202 ${status}`;
  };
}

function trpcCall(client: HttpClient, cookie: string, origin: string): (scenario: Scenario) => Call {
  const headers = { 'content-type': 'application/json', cookie, origin };
  return (scenario) => async (n) => {
    const body = JSON.stringify({ orderid: `trpc-${run}-${n}`, sku: skuFor(scenario, n), qty: 1 });
    const reply = await client.post('/api/trpc/allocation.allocate', body, headers);
    if (reply.status !== 200) return `HTTP ${reply.status} ${reply.body.slice(0, 120)}`;
    const status = (JSON.parse(reply.body) as { result?: { data?: { status?: string } } }).result?.data
      ?.status;
    return status === 'allocated' ? 'ok' : `200 ${status}`;
  };
}

/** An operator session for tRPC: the user made in the database, signed in over HTTP like the browser. */
async function signIn(baseUrl: string, database: Database, secret: string): Promise<string> {
  const identity = createIdentity(database.prisma, { secret, appUrl: baseUrl });
  const user = { email: `bench-${run}@example.com`, password: `bench-${run}-password`, name: 'Bench' };
  await identity.ensureUser({ ...user, role: 'operator' });
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!response.ok) throw new Error(`Signing in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const loadOf = (r: Run) => `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`;

async function measure(label: string, call: Call): Promise<Run> {
  if (settings.warmup > 0)
    await drive(`${label} warm-up`, call, { concurrency: settings.connections, seconds: settings.warmup });
  const result = await drive(label, call, { concurrency: settings.connections, seconds: settings.duration });
  say(
    `${label}: ${result.perSecond.toFixed(0)}/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${result.errors} errors (load ${loadOf(result)})`,
  );
  return result;
}

async function main(): Promise<number> {
  const started = Date.now();
  let app: ServedApp | undefined;
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  let client: HttpClient | undefined;
  const cleanUp = async () => {
    client?.close();
    await app?.stop();
    await database?.close();
    await testDatabase?.drop();
  };
  process.once('SIGINT', () => {
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    say(`${cpus().length} cores; load average ${loadAverage()} at the start`);
    if (!settings.skipBuild) {
      say('Building the web app as pnpm start does (turbo; cached when unchanged) ...');
      await buildWebApp();
    }
    testDatabase = await createTestDatabase();
    say(`Fresh database ${testDatabase.name}`);
    database = await openDatabase({ url: testDatabase.url, poolSize: settings.poolSize, clock: systemClock });
    const bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock: systemClock,
      logger: quiet,
      stockTeamAddress: 'stock@example.com',
    });
    for (const sku of [...skus, HOT]) {
      await bus.handle(CreateBatch({ ref: `${sku}-batch`, sku, qty: BIG, eta: null }), benchOrigin);
    }
    const apiKey = (
      await new ApiKeys(new PrismaApiKeyStore(database.prisma)).create({
        name: `bench-${run}`,
        role: 'operator',
        createdBy: 'bench',
      })
    ).key;

    const secret = randomBytes(32).toString('base64url');
    const cpuProfDir = settings.cpuProf ? mkdtempSync(join(tmpdir(), 'bench-http-prof-')) : undefined;
    const baseUrl = `http://127.0.0.1:${settings.port}`;
    say(`Starting the app as pnpm start does (DATABASE_URL, port ${settings.port}) ...`);
    app = await startServedApp(
      {
        DATABASE_URL: testDatabase.url,
        DB_POOL_SIZE: String(settings.poolSize),
        AUTH_SECRET: secret,
        APP_URL: baseUrl,
        LOG_LEVEL: 'warn',
        ...(process.env.WEB_CONCURRENCY ? { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY } : {}),
      },
      { port: settings.port, ...(cpuProfDir ? { cpuProfDir } : {}) },
    );
    say(`Serving from ${app.webProcesses().length} web processes`);
    const cookie = await signIn(baseUrl, database, secret);
    client = new HttpClient(baseUrl, settings.connections);

    const paths: Paths = {
      bus: (scenario) => async (n) => {
        const outcome = await bus.handle(
          Allocate({ orderid: `bus-${run}-${n}`, sku: skuFor(scenario, n), qty: 1 }),
          benchOrigin,
        );
        return outcome.status === 'allocated' ? 'ok' : outcome.status;
      },
      rest: restCall(client, apiKey),
      trpc: trpcCall(client, cookie, baseUrl),
    };
    const results = new Map<string, Run>();
    for (const scenario of ['over 50 skus', 'one hot sku'] as const) {
      say(
        `Measuring ${scenario}: ${settings.warmup} s warm-up + ${settings.duration} s each, concurrency ${settings.connections} ...`,
      );
      results.set(`bus ${scenario}`, await measure(`bus alone, ${scenario}`, paths.bus(scenario)));
      results.set(`rest ${scenario}`, await measure(`POST /api/allocate, ${scenario}`, paths.rest(scenario)));
      results.set(
        `trpc ${scenario}`,
        await measure(`tRPC allocation.allocate, ${scenario}`, paths.trpc(scenario)),
      );
    }
    await database.close();

    const soakResult =
      settings.soakSeconds > 0
        ? await soak(app, paths.rest('over 50 skus'), settings.soakSeconds, settings.connections, say)
        : undefined;

    const busFlat = results.get('bus over 50 skus') as Run;
    const rows = [...results.entries()].map(([key, r]) => {
      const bus = results.get(`bus ${key.endsWith('hot sku') ? 'one hot sku' : 'over 50 skus'}`) as Run;
      return [
        r.label,
        r.perSecond.toFixed(0),
        key.startsWith('bus') ? '' : `${((r.perSecond / bus.perSecond) * 100).toFixed(0)}%`,
        ms(r.p50),
        ms(r.p99),
        ms(r.max),
        String(r.errors),
        loadOf(r),
      ];
    });
    console.log(
      `\nAllocations at concurrency ${settings.connections}, ${settings.duration} s each (ratio: served / bus alone, same scenario)\n${table(
        ['path', 'alloc/s', 'ratio', 'p50', 'p99', 'max', 'errors', 'load 1m'],
        rows,
      )}`,
    );
    for (const r of results.values()) {
      if (r.errors > 0) console.log(`${r.label}: errors`, Object.fromEntries(r.errorsBy));
    }

    const rest = results.get('rest over 50 skus') as Run;
    const trpc = results.get('trpc over 50 skus') as Run;
    const restHot = results.get('rest one hot sku') as Run;
    const trpcHot = results.get('trpc one hot sku') as Run;
    const checks: [string, boolean, string][] = [
      [
        'REST ≥ 80% of the bus alone',
        rest.perSecond >= 0.8 * busFlat.perSecond,
        `${((rest.perSecond / busFlat.perSecond) * 100).toFixed(0)}%`,
      ],
      ['REST 0 errors', rest.errors === 0, String(rest.errors)],
      ['REST p99 ≤ 25 ms', rest.p99 <= 25, ms(rest.p99)],
      [
        'tRPC within 15% of REST',
        trpc.perSecond >= 0.85 * rest.perSecond,
        `${((trpc.perSecond / rest.perSecond) * 100).toFixed(0)}% of REST`,
      ],
      [
        'hot sku: 0 failed',
        restHot.errors + trpcHot.errors === 0,
        `${restHot.errors} REST, ${trpcHot.errors} tRPC`,
      ],
      [
        'hot sku ≥ 60% of 50 skus (REST)',
        restHot.perSecond >= 0.6 * rest.perSecond,
        `${((restHot.perSecond / rest.perSecond) * 100).toFixed(0)}%`,
      ],
    ];
    if (soakResult) {
      checks.push(['soak: 0 errors', soakResult.errors === 0, String(soakResult.errors)]);
      checks.push([
        'soak: memory flat (≤ 10% after warm-up)',
        soakResult.growth <= 0.1,
        `${(soakResult.growth * 100).toFixed(1)}%`,
      ]);
    }
    console.log(
      `\nTargets\n${table(
        ['target', 'met', 'measured'],
        checks.map(([name, met, value]) => [name, met ? 'yes' : 'NO', value]),
      )}`,
    );

    const code = await app.stop();
    app = undefined;
    say(`The app stopped with exit code ${code}`);
    if (cpuProfDir) {
      for (const file of readdirSync(cpuProfDir).filter((f) => MAIN_THREAD_PROFILE.test(f))) {
        console.log(
          `\n${formatSummary(`CPU profile ${file}`, await summarizeProfile(join(cpuProfDir, file)))}`,
        );
      }
      say(`Profiles kept in ${cpuProfDir} (open them in Chrome DevTools or speedscope)`);
    }
    say(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()} at the end`);
    const errors = [...results.values()].reduce((sum, r) => sum + r.errors, 0) + (soakResult?.errors ?? 0);
    return errors > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench:http] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
