/**
 * `pnpm test:faults`: the real service (REST API process, two worker processes) on a private
 * PostgreSQL cluster, a private redis-server and an SMTP server of its own, under a steady load,
 * while PostgreSQL restarts, a worker is killed with -9 (entries pending) and replaced, Redis stops
 * for 5 s and SMTP for 10 s. Then it checks the invariants (invariants.ts), prints the fault ×
 * invariant table and exits 1 if any failed. See README.md in this folder.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { evaluate, passed, timeOfEntryId } from './invariants.ts';
import {
  allocateLine,
  inboxKeyOf,
  newRecorder,
  post,
  type SkuPlan,
  sleep,
  startAllocationClients,
  startRestChanges,
  startStreamProducer,
} from './load.ts';
import type { FaultName, Observations, Phase, ProcessState, Recovery, StockSample } from './observations.ts';
import { createPrivatePostgres, dropAbandonedClusters, type PrivatePostgres } from './postgres.ts';
import { type Child, ROOT, startChild } from './processes.ts';
import { startPrivateRedis } from './redis.ts';
import { formatTable, formatTimeline } from './report.ts';
import { startSmtp } from './smtp.ts';

const run = promisify(execFile);
const RECOVERY_BOUND_MS = 10_000;
/** The bound for entries a dead worker left pending (claimed after 15 s idle, looked for every 5 s). */
const CLAIM_BOUND_MS = 30_000;
/** A 10 s SMTP outage: a delivery that failed just before the end is retried 10 s later (5 s, doubling). */
const MAIL_RETRY_BOUND_MS = 15_000;
const MAIL_DOMAIN = 'faults.test';
const t0 = Date.now();
const say = (message: string) =>
  console.log(`[faults ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

// --- cleanup, also on failure and on SIGINT/SIGTERM -------------------------------------------------
const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { what, run: undo } of cleanups.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        console.error(`[faults] cleanup: ${what} failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return cleaning;
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[faults] ${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// --- the data --------------------------------------------------------------------------------------
/** Skus whose batches never change (some run out: out-of-stock notifications). */
const FIXED = [
  { sku: 'FAULT-LAMP', batches: [['lamp-w', 100_000, null]] },
  {
    sku: 'FAULT-DESK',
    batches: [
      ['desk-w', 60, null],
      ['desk-1', 60, day(1)],
    ],
  },
  { sku: 'FAULT-SOFA', batches: [['sofa-w', 30, null]] },
  { sku: 'FAULT-RUG', batches: [['rug-2', 20, day(2)]] },
] as const;
/** Skus whose batches change (REST on `-r`, the stream on `-s*`): lines move between them. */
const MOVING = ['FAULT-CHAIR', 'FAULT-TABLE'];
const CHANGE_RANGE = [10, 30] as const;
const MOVING_MAX_LINES = 50; // ≤ the smallest total stock of a moving sku: 20 + 10 + 4 × 10
const PROBE_SKU = 'FAULT-PROBE';
const PROBE_STREAM_SKU = 'FAULT-PROBE-STREAM';
const PROBE_STREAM_BATCH = 'probe-stream';

const movingBatches = (sku: string) => {
  const name = sku.slice('FAULT-'.length).toLowerCase();
  return {
    warehouse: `${name}-w`,
    rest: `${name}-r`,
    stream: [1, 2, 3, 4].map((n) => `${name}-s${n}`),
  };
};

async function main(): Promise<number> {
  const runDir = mkdtempSync(join(tmpdir(), 'faults-'));
  cleanups.push({
    what: 'remove the run folder',
    run: async () => rmSync(runDir, { recursive: true, force: true }),
  });
  const keepLogs = join(ROOT, 'faults', 'logs');
  rmSync(keepLogs, { recursive: true, force: true });
  mkdirSync(keepLogs, { recursive: true });

  // --- private servers ---
  const abandoned = await dropAbandonedClusters();
  if (abandoned.length) say(`Dropped clusters of runs that were killed: ${abandoned.join(', ')}`);
  say('Creating a private PostgreSQL cluster (pg_createcluster)');
  const postgres: PrivatePostgres = await createPrivatePostgres(await freePort());
  cleanups.push({ what: `drop cluster ${postgres.name}`, run: () => postgres.drop() });
  say(`PostgreSQL ${postgres.version} cluster ${postgres.name} on port ${postgres.port}`);
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE allocation');
  await admin.end();
  const databaseUrl = postgres.urlOf('allocation');

  const redisDir = join(runDir, 'redis');
  mkdirSync(redisDir);
  const redis = await startPrivateRedis(await freePort(), redisDir);
  cleanups.push({ what: 'stop redis-server', run: () => redis.stop() });
  say(`redis-server on port ${redis.port} (append-only file, fsync always)`);

  const smtp = await startSmtp();
  cleanups.push({ what: 'stop the SMTP server', run: () => smtp.stop() });
  say(`SMTP server at ${smtp.url}`);

  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    AUTH_SECRET: randomBytes(32).toString('base64'),
    NOTIFY_WINDOW_S: '0',
    MAIL_FROM: `allocation@${MAIL_DOMAIN}`,
    STOCK_TEAM_EMAIL: `stock@${MAIL_DOMAIN}`,
    LOG_LEVEL: 'info',
    DB_POOL_SIZE: '5',
  };

  say('Creating an operator API key (packages/composition-root/bin/api-key.ts; applies the migrations)');
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/composition-root/bin/api-key.ts',
      'create',
      '--name',
      'faults',
      '--role',
      'operator',
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
  );
  const key = stdout.trim().split('\n').at(-1) ?? '';

  // --- the service ---
  const children: Child[] = [];
  const killedOnPurpose = new Set<Child>();
  cleanups.push({ what: 'stop the service', run: () => Promise.all(children.map((child) => child.stop())) });
  const api = startChild(
    'api',
    'faults/src/api-server.ts',
    { ...env, PORT: String(await freePort()) },
    keepLogs,
  );
  children.push(api);
  const startWorker = (n: number) => {
    const worker = startChild(`worker-${n}`, 'src/main.ts', env, keepLogs, join(ROOT, 'apps', 'worker'));
    children.push(worker);
    return worker;
  };
  const workers = [startWorker(1), startWorker(2)];
  const port = Number((await api.waitFor(/^listening \d+/, 90_000)).split(' ')[1]);
  const baseUrl = `http://127.0.0.1:${port}`;
  await Promise.all(workers.map((worker) => worker.waitFor(/Worker ready/, 90_000)));
  say(
    `REST API on ${baseUrl} (pid ${api.pid}); workers ${workers.map((w) => w.pid).join(', ')}; logs in faults/logs/`,
  );

  // --- the data ---
  const initialQty = new Map<string, number>();
  const addBatch = async (ref: string, sku: string, qty: number, eta: string | null) => {
    const reply = await post(baseUrl, key, '/api/add_batch', { ref, sku, qty, eta });
    if (reply.status !== 201)
      throw new Error(`add_batch ${ref}: ${reply.status} ${JSON.stringify(reply.body)}`);
    initialQty.set(ref, qty);
  };
  for (const { sku, batches } of FIXED)
    for (const [ref, qty, eta] of batches) await addBatch(ref, sku, qty, eta);
  const restRefs: string[] = [];
  const streamRefs: string[] = [];
  for (const sku of MOVING) {
    const { warehouse, rest, stream } = movingBatches(sku);
    await addBatch(warehouse, sku, 20, null);
    await addBatch(rest, sku, 20, day(1));
    restRefs.push(rest);
    for (const [i, ref] of stream.entries()) {
      await addBatch(ref, sku, 20, day(2 + i));
      streamRefs.push(ref);
    }
  }
  await addBatch('probe-w', PROBE_SKU, 1_000_000, null);
  await addBatch(PROBE_STREAM_BATCH, PROBE_STREAM_SKU, 10, null);

  // --- observers ---
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 3000 });
  pool.on('error', () => {});
  cleanups.push({ what: 'close the pool', run: () => pool.end() });
  const redisClient = (offlineQueue: boolean) => {
    const client = new Redis(redis.url, {
      retryStrategy: () => 100,
      enableOfflineQueue: offlineQueue,
      maxRetriesPerRequest: offlineQueue ? 1 : 0,
      commandTimeout: 3000,
    });
    client.on('error', () => {});
    cleanups.push({ what: 'disconnect from redis', run: async () => client.disconnect() });
    return client;
  };
  const producerRedis = redisClient(false);
  const reader = redisClient(false);
  // Another system listening on the channel, as in production (the relay re-sends what nobody heard).
  const subscriber = new Redis(redis.url, { retryStrategy: () => 100 });
  subscriber.on('error', () => {});
  cleanups.push({ what: 'disconnect the subscriber', run: async () => subscriber.disconnect() });
  await subscriber.subscribe('line_allocated');
  await Promise.all([producerRedis.ping(), reader.ping()]);

  const recorder = newRecorder();
  const target = { baseUrl, key, recorder };
  const samples: StockSample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM batches b
           WHERE b.allocated_quantity > b.purchased_quantity
              OR b.allocated_quantity <> coalesce((SELECT sum(qty) FROM allocations a WHERE a.batch_id = b.id), 0)`,
        );
        samples.push({ at: Date.now(), violations: rows[0]?.n ?? 0 });
      } catch {
        // the database is away
      }
      await sleep(1000);
    }
  })();

  // --- probes (how soon the service is normal again) ---
  let probes = 0;
  const since = (from: number) => Date.now() - from;
  const probeApi = async (from: number): Promise<{ ms: number | undefined; orderid?: string }> => {
    while (since(from) < 30_000) {
      const orderid = `probe-${++probes}`;
      const line = await allocateLine(
        target,
        { orderid, sku: PROBE_SKU, qty: 1, group: 'fixed' },
        { attempts: 1, timeoutMs: 15_000 },
      );
      if (line.final) return { ms: since(from), orderid };
      await sleep(200);
    }
    return { ms: undefined };
  };
  const probeLineAllocated = async (orderid: string | undefined, from: number) => {
    if (!orderid) return undefined;
    while (since(from) < 30_000) {
      try {
        const entries = (await reader.xrevrange('line_allocated', '+', '-', 'COUNT', 500)) as [
          string,
          string[],
        ][];
        if (entries.some(([, fields]) => fields.some((field) => field.includes(`"${orderid}"`))))
          return since(from);
      } catch {
        // Redis away
      }
      await sleep(100);
    }
    return undefined;
  };
  let probeQty = 10;
  const probeStream = async (from: number) => {
    let id: string | undefined;
    while (since(from) < 30_000) {
      try {
        probeQty = probeQty === 10 ? 11 : 10;
        id =
          (await reader.xadd(
            'change_batch_quantity',
            '*',
            'payload',
            JSON.stringify({ batchref: PROBE_STREAM_BATCH, qty: probeQty }),
          )) ?? undefined;
        if (id) break;
      } catch {
        await sleep(100);
      }
    }
    if (!id) return undefined;
    probeEntries.push(id);
    while (since(from) < 30_000) {
      try {
        const { rows } = await pool.query('SELECT 1 FROM message_inbox WHERE key = $1', [inboxKeyOf(id)]);
        if (rows.length > 0) return since(from);
      } catch {
        // database away
      }
      await sleep(100);
    }
    return undefined;
  };
  const probeEntries: string[] = [];
  const pipelineChecks = async (from: number) => {
    const api = await probeApi(from);
    const [lineAllocated, stream] = await Promise.all([
      probeLineAllocated(api.orderid, from),
      probeStream(from),
    ]);
    return {
      apiMs: api.ms,
      checks: [
        { label: 'line_allocated out', ms: lineAllocated, boundMs: RECOVERY_BOUND_MS },
        { label: 'stream entry applied', ms: stream, boundMs: RECOVERY_BOUND_MS },
      ],
    };
  };

  // --- the load ---
  const skus: SkuPlan[] = [
    { sku: 'FAULT-LAMP', group: 'fixed', weight: 30 },
    { sku: 'FAULT-DESK', group: 'fixed', weight: 20 },
    { sku: 'FAULT-SOFA', group: 'fixed', weight: 10 },
    { sku: 'FAULT-RUG', group: 'fixed', weight: 10 },
    ...MOVING.map((sku) => ({ sku, group: 'moving' as const, weight: 15, maxLines: MOVING_MAX_LINES })),
  ];
  const clients = startAllocationClients({ ...target, skus, clients: 4, pauseMs: 120 });
  const restChanges = startRestChanges({ ...target, refs: restRefs, range: CHANGE_RANGE, pauseMs: 800 });
  const producer = startStreamProducer({
    redis: producerRedis,
    pool,
    refs: streamRefs,
    range: CHANGE_RANGE,
    everyMs: 250,
  });
  const loadStart = Date.now();
  say('Load running: 4 allocation clients, 1 REST quantity client, 1 stream producer');

  const phases: Phase[] = [];
  const recoveries: Recovery[] = [];
  let phaseStart = loadStart;
  const beginFault = (name: string, fault: FaultName) => {
    const start = Date.now();
    const previous = phases.at(-1);
    if (previous) phases[phases.length - 1] = { ...previous, end: start };
    else phases.push({ name: 'baseline (no fault)', start: phaseStart, end: start });
    phaseStart = start;
    return { name, fault, start };
  };
  const endFault = (
    begun: { name: string; fault: FaultName; start: number },
    faultStart: number,
    faultEnd: number,
  ) => {
    phases.push({
      name: begun.name,
      fault: begun.fault,
      start: begun.start,
      end: Number.NaN,
      faultStart,
      faultEnd,
    });
  };
  const holdUntil = async (at: number) => {
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
  };

  await sleep(6_000);

  // 1. PostgreSQL restarts.
  {
    const begun = beginFault('postgres restart', 'postgres');
    say(`Fault 1: restarting PostgreSQL (pg_ctlcluster stop -m fast, 2 s down, start)`);
    await postgres.stop();
    await sleep(2_000);
    await postgres.start();
    const up = Date.now();
    endFault(begun, begun.start, up);
    say(`PostgreSQL back after ${((up - begun.start) / 1000).toFixed(1)} s; probing`);
    const checks = await pipelineChecks(up);
    recoveries.push({ fault: 'postgres', ...checks });
    await holdUntil(up + 10_000);
  }

  // 2. A worker killed with -9 while stream entries are pending on it; another started.
  {
    const begun = beginFault('worker kill -9', 'worker');
    say('Fault 2: killing a worker with -9 while stream entries are pending on it');
    let victim: Child | undefined;
    let pendingOnVictim = 0;
    const deadline = Date.now() + 10_000;
    while (!victim && Date.now() < deadline) {
      await producer.burst();
      const until = Date.now() + 600;
      while (!victim && Date.now() < until) {
        // Entries the worker read just now (the burst), not ones left pending earlier by a failure.
        const pending = await freshPendingByConsumer(reader, 1_000);
        for (const worker of workers) {
          const count = [...pending].find(([name]) => name.split(':')[1] === String(worker.pid))?.[1] ?? 0;
          if (count > 0 && !worker.exited()) {
            victim = worker;
            pendingOnVictim = count;
            break;
          }
        }
        if (!victim) await sleep(2);
      }
    }
    victim ??= workers[0] as Child;
    killedOnPurpose.add(victim);
    await victim.kill9();
    const killedAt = Date.now();
    say(
      `Killed ${victim.name} (pid ${victim.pid}) with ${pendingOnVictim} entries pending on it; starting worker-3`,
    );
    const replacement = startWorker(3);
    workers.push(replacement);
    const spawned = Date.now();
    endFault(begun, begun.start, spawned);
    const victimPid = String(victim.pid);
    const [checks, readyMs, claimedMs] = await Promise.all([
      pipelineChecks(spawned),
      replacement.waitFor(/Worker ready/, 90_000).then(
        () => since(spawned),
        () => undefined,
      ),
      (async () => {
        while (since(killedAt) < 60_000) {
          const pending = await pendingByConsumer(reader).catch(() => undefined);
          const left = pending && [...pending].find(([name]) => name.split(':')[1] === victimPid)?.[1];
          if (pending && !left) return since(killedAt);
          await sleep(200);
        }
        return undefined;
      })(),
    ]);
    recoveries.push({
      fault: 'worker',
      apiMs: checks.apiMs,
      checks: [
        ...checks.checks,
        // A process start on a busy shared 2-core machine (tsx compiles on the fly): a figure, loosely
        // bounded (the surviving worker carries the load meanwhile: the probes above).
        { label: 'worker-3 ready (bound 90 s)', ms: readyMs, boundMs: 90_000 },
        {
          label: `${pendingOnVictim} pending entries claimed (bound 30 s)`,
          ms: pendingOnVictim > 0 ? claimedMs : undefined,
          boundMs: CLAIM_BOUND_MS,
        },
      ],
    });
    await holdUntil(spawned + 5_000);
  }

  // 3. Redis stops for 5 s.
  {
    const begun = beginFault('redis stop 5 s', 'redis');
    say('Fault 3: stopping Redis (kill -9) for 5 s');
    await redis.stop();
    await sleep(5_000);
    await redis.start();
    const up = Date.now();
    endFault(begun, begun.start, up);
    say('Redis back; probing');
    const checks = await pipelineChecks(up);
    recoveries.push({ fault: 'redis', ...checks });
    await holdUntil(up + 10_000);
  }

  // 4. SMTP stops for 10 s.
  {
    const begun = beginFault('smtp stop 10 s', 'smtp');
    say('Fault 4: stopping the SMTP server for 10 s');
    await smtp.stop();
    await sleep(10_000);
    await smtp.start();
    const up = Date.now();
    endFault(begun, begun.start, up);
    say('SMTP back; probing');
    // The emails the outage held: written during it, or failed at least once. Not one a worker
    // claimed before it and never finished (the one killed with -9): that waits out its lease.
    const heldSql = `SELECT count(*)::int AS n FROM notifications
                     WHERE sent_at IS NULL AND created_at <= $1 AND (attempts > 0 OR created_at >= $2)`;
    const countHeld = async () =>
      (await pool.query<{ n: number }>(heldSql, [new Date(up), new Date(begun.start)])).rows[0]?.n ?? 0;
    const [api, held, mailedMs] = await Promise.all([
      probeApi(up),
      countHeld(),
      (async () => {
        while (since(up) < 60_000) {
          if ((await countHeld()) === 0) return since(up);
          await sleep(200);
        }
        return undefined;
      })(),
    ]);
    recoveries.push({
      fault: 'smtp',
      apiMs: api.ms,
      // Failed deliveries are retried after 5 s, then 10 s: one that failed just before SMTP came back
      // waits up to 10 s more, plus the dispatcher's 1 s poll.
      checks: [
        { label: `${held} held emails delivered (bound 15 s)`, ms: mailedMs, boundMs: MAIL_RETRY_BOUND_MS },
      ],
    });
    await holdUntil(up + 8_000);
  }

  const last = phases.at(-1);
  if (last) phases[phases.length - 1] = { ...last, end: Date.now() };
  say('Stopping the load; waiting for the outboxes, the stream and the mail to drain');
  await Promise.all([clients.stop(), restChanges.stop(), producer.stop()]);
  const drained = await drain(pool, reader);
  say(drained ? 'Drained' : 'Not drained within 60 s: checking what is left');
  sampling = false;
  await sampler;

  // --- collect ---
  const observations: Observations = {
    phases,
    requests: recorder.requests,
    lines: recorder.lines,
    restChanges: recorder.restChanges,
    initialQty,
    streamBatches: [...streamRefs, PROBE_STREAM_BATCH],
    ...(await readDatabase(pool)),
    ...(await readRedis(reader)),
    changeEntriesAdded: [...producer.added, ...probeEntries],
    mails: smtp.mails,
    messageIdDomain: MAIL_DOMAIN,
    samples,
    recoveries,
    processes: children.map(
      (child): ProcessState => ({
        name: child.name,
        exit: child.exited(),
        killedOnPurpose: killedOnPurpose.has(child),
      }),
    ),
    graceMs: RECOVERY_BOUND_MS,
  };
  const rows = evaluate(observations);
  const ok = passed(rows);
  const figures = [
    `${observations.requests.length} requests`,
    `${observations.lines.length} order lines`,
    `${observations.changeEntries.length} stream entries`,
    `${observations.outbox.length} line_allocated`,
    `${observations.notifications.length} emails`,
    `${producer.retired.size} stream batches retired after an uncertain XADD`,
  ];
  console.log(
    `\nFault-injection run, ${((Date.now() - t0) / 1000).toFixed(0)} s in all: ${figures.join(', ')}`,
  );
  console.log(`Timeline (from the start of the load):\n${formatTimeline(phases, loadStart)}\n`);
  console.log(formatTable(rows, phases));
  const smtpPhase = phases.find((phase) => phase.fault === 'smtp');
  if (smtpPhase?.faultStart !== undefined && smtpPhase.faultEnd !== undefined) {
    const { faultStart, faultEnd } = smtpPhase;
    const outOfStock = recorder.requests.filter((r) => r.outOfStock);
    const during = outOfStock.filter((r) => r.start >= faultStart && r.end <= faultEnd);
    const outside = outOfStock.filter((r) => r.end < faultStart || r.start > faultEnd);
    console.log(
      `\nOut-of-stock allocations (the ones that call for an email): ${latencies(outside)} with SMTP up, ${latencies(during)} while SMTP was down`,
    );
  }
  const failures = rows.flatMap((row) =>
    Object.entries(row.cells)
      .filter(([, cell]) => !cell.ok)
      .map(([phase, cell]) => `  ${row.invariant} [${phase}]: ${cell.text}`),
  );
  const odd = recorder.requests.filter(
    (r) => r.failure || (r.status !== undefined && r.status >= 500 && r.status !== 503),
  );
  for (const request of odd.slice(0, 10)) {
    console.log(
      `  ${request.kind} at ${((request.start - loadStart) / 1000).toFixed(1)} s: ${request.failure ?? request.status} ${request.error ?? ''}`,
    );
  }
  console.log(ok ? '\nAll invariants held.' : `\nFAILED:\n${failures.join('\n')}\nLogs: faults/logs/`);
  return ok ? 0 : 1;
}

/** "n, p50 x ms, p99 y ms" of the requests' durations. */
function latencies(requests: readonly { start: number; end: number }[]): string {
  const ms = requests.map((r) => r.end - r.start).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
  return ms.length ? `${ms.length}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)} ms` : 'none';
}

/** Entries pending less than `maxIdleMs` in the group `allocation`, per consumer name. */
async function freshPendingByConsumer(redis: Redis, maxIdleMs: number): Promise<Map<string, number>> {
  const entries = (await redis.xpending('change_batch_quantity', 'allocation', '-', '+', 100)) as [
    string,
    string,
    number,
    number,
  ][];
  const counts = new Map<string, number>();
  for (const [, consumer, idle] of entries) {
    if (Number(idle) < maxIdleMs) counts.set(consumer, (counts.get(consumer) ?? 0) + 1);
  }
  return counts;
}

/** Pending entries of the group `allocation` per consumer name. */
async function pendingByConsumer(redis: Redis): Promise<Map<string, number>> {
  const reply = (await redis.xpending('change_batch_quantity', 'allocation')) as [
    number,
    string | null,
    string | null,
    [string, string][] | null,
  ];
  return new Map((reply[3] ?? []).map(([name, count]) => [name, Number(count)]));
}

/** Waits (up to 60 s) until nothing is left to send, apply or mail. */
async function drain(pool: pg.Pool, redis: Redis): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const { rows } = await pool.query<{ outbox: number; mail: number }>(
        `SELECT (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL) AS outbox,
                (SELECT count(*)::int FROM notifications WHERE sent_at IS NULL) AS mail`,
      );
      const pending = await pendingByConsumer(redis);
      const entries = (await redis.xrange('change_batch_quantity', '-', '+')) as [string, string[]][];
      const keys = entries.map(([id]) => inboxKeyOf(id));
      const { rows: done } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM message_inbox WHERE key = ANY($1)',
        [keys],
      );
      const row = rows[0];
      if (
        row?.outbox === 0 &&
        row.mail === 0 &&
        [...pending.values()].every((n) => n === 0) &&
        done[0]?.n === keys.length
      ) {
        return true;
      }
    } catch {
      // try again
    }
    await sleep(500);
  }
  return false;
}

async function readDatabase(pool: pg.Pool) {
  const allocations = await pool.query<{ orderid: string; sku: string; qty: number; batchref: string }>(
    'SELECT a.orderid, a.sku, a.qty, b.reference AS batchref FROM allocations a JOIN batches b ON b.id = a.batch_id',
  );
  const batches = await pool.query<{
    reference: string;
    sku: string;
    purchased: number;
    allocated: number;
    sum_of_lines: number;
  }>(
    `SELECT reference, sku, purchased_quantity AS purchased, allocated_quantity AS allocated,
            coalesce((SELECT sum(qty) FROM allocations a WHERE a.batch_id = b.id), 0)::int AS sum_of_lines
     FROM batches b`,
  );
  const view = await pool.query<{ orderid: string; sku: string; qty: number; batchref: string }>(
    'SELECT orderid, sku, qty, batchref FROM allocations_view WHERE batchref IS NOT NULL',
  );
  const outbox = await pool.query<{
    id: string;
    payload: { orderid: string; sku: string; qty: number; batchref: string };
    created_at: Date;
    sent_at: Date | null;
  }>(`SELECT id::text AS id, payload, created_at, sent_at FROM outbox WHERE channel = 'line_allocated'`);
  const inbox = await pool.query<{ key: string }>('SELECT key FROM message_inbox');
  const notifications = await pool.query<{
    id: string;
    created_at: Date;
    sent_at: Date | null;
    orderids: (string | null)[];
  }>(
    `SELECT n.id::text AS id, n.created_at, n.sent_at, array_agg(o.orderid) AS orderids
     FROM notifications n LEFT JOIN notification_orders o ON o.notification_id = n.id
     GROUP BY n.id`,
  );
  const deadLetters = await pool.query<{ channel: string; error: string }>(
    'SELECT channel, error FROM dead_letters',
  );
  return {
    allocations: allocations.rows,
    batches: batches.rows.map((row) => ({
      reference: row.reference,
      sku: row.sku,
      purchased: row.purchased,
      allocated: row.allocated,
      sumOfLines: row.sum_of_lines,
    })),
    allocationsView: view.rows,
    outbox: outbox.rows.map((row) => ({
      id: row.id,
      orderid: row.payload.orderid,
      sku: row.payload.sku,
      qty: row.payload.qty,
      batchref: row.payload.batchref,
      createdAt: row.created_at.getTime(),
      sentAt: row.sent_at?.getTime() ?? null,
    })),
    inboxKeys: new Set(inbox.rows.map((row) => row.key)),
    notifications: notifications.rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.getTime(),
      sentAt: row.sent_at?.getTime() ?? null,
      orderids: row.orderids.filter((id): id is string => id !== null),
    })),
    deadLetters: deadLetters.rows,
  };
}

async function readRedis(redis: Redis) {
  const lineAllocated = (await redis.xrange('line_allocated', '-', '+')) as [string, string[]][];
  const changes = (await redis.xrange('change_batch_quantity', '-', '+')) as [string, string[]][];
  const field = (fields: string[], name: string) => {
    const at = fields.indexOf(name);
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  };
  const pending = await pendingByConsumer(redis);
  return {
    lineAllocatedStream: lineAllocated.map(([entryId, fields]) => ({
      entryId,
      id: field(fields, 'id'),
      payload: field(fields, 'payload'),
    })),
    changeEntries: changes.map(([entryId, fields]) => {
      const payload = JSON.parse(field(fields, 'payload') ?? '{}') as { batchref: string; qty: number };
      return { entryId, at: timeOfEntryId(entryId), batchref: payload.batchref, qty: payload.qty };
    }),
    pendingAtEnd: [...pending.values()].reduce((sum, n) => sum + n, 0),
  };
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (interrupted) return; // the signal handler cleans up and exits
    console.error('[faults] the run itself failed:', error);
    await cleanUp();
    process.exit(2);
  });
