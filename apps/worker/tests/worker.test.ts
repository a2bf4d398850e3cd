// The worker as a process: started the way `pnpm start` does, against PostgreSQL and a private Redis.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { Allocate, bootstrap, CreateBatch } from '@allocation/domain';
import { FakeClock, RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const workerDir = resolve(here, '..');

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const redisSkipReason = !process.env.REDIS_URL
  ? 'REDIS_URL is unset: skipping the worker process tests (they need Redis; set REDIS_URL=redis://127.0.0.1:6379)'
  : !hasRedisServer()
    ? 'redis-server is not installed: skipping the worker process tests'
    : undefined;
if (redisSkipReason) console.warn(`[worker] ${redisSkipReason}`);
const skipReason = redisSkipReason ?? (await postgresSkipReason('worker'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

function startWorker(env: Record<string, string>): WorkerProcess {
  // One process (node with tsx's loader), so a signal reaches the worker itself, as in production.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: workerDir,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitForLog(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}):\n${output}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

describe.skipIf(skipReason !== undefined)('the worker process', () => {
  let redisServer: ChildProcess;
  let redisUrl: string;
  let testDatabase: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    redisUrl = `redis://127.0.0.1:${port}`;
    testDatabase = await createTestDatabase();
    database = await openDatabase({
      url: testDatabase.url,
      poolSize: 4,
      writeOutbox: true,
      clock: new FakeClock(),
    });
  }, 30_000);

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    redisServer?.kill('SIGKILL');
  });

  it('relays allocations, consumes quantity changes, and stops gracefully on SIGTERM', async () => {
    const listener = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const received: Record<string, unknown>[] = [];
    listener.on('message', (_channel: string, payload: string) => received.push(JSON.parse(payload)));
    await listener.subscribe('line_allocated');
    const worker = startWorker({ DATABASE_URL: testDatabase.url, REDIS_URL: redisUrl, DB_POOL_SIZE: '4' });
    try {
      await worker.waitForLog('Worker ready');
      const bus = bootstrap({
        uow: database.uow,
        notifications: database.notificationLog,
        clock: new FakeClock(),
        logger: new RecordingLogger(),
        stockTeamAddress: 'stock@made.com',
      });
      await bus.handle(CreateBatch({ ref: 'w-b1', sku: 'W-SOFA', qty: 10, eta: null }), testOrigin);
      await bus.handle(CreateBatch({ ref: 'w-b2', sku: 'W-SOFA', qty: 10, eta: '2030-01-01' }), testOrigin);
      await bus.handle(Allocate({ orderid: 'w-o1', sku: 'W-SOFA', qty: 6 }), testOrigin);
      const until = async (what: string, condition: () => boolean) => {
        const deadline = Date.now() + 5000;
        while (!condition()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${worker.output()}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until('line_allocated', () => received.length === 1);
      // `id`: the outbox message's, so subscribers can drop a repeat.
      const outboxId = expect.stringMatching(/^\d+$/);
      expect(received[0]).toEqual({ orderid: 'w-o1', sku: 'W-SOFA', qty: 6, batchref: 'w-b1', id: outboxId });

      await listener
        .duplicate()
        .publish('change_batch_quantity', JSON.stringify({ batchref: 'w-b1', qty: 2 }));
      await until('the re-allocation', () => received.length === 2);
      expect(received[1]).toEqual({ orderid: 'w-o1', sku: 'W-SOFA', qty: 6, batchref: 'w-b2', id: outboxId });
      expect(received[1]?.id).not.toBe(received[0]?.id);

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('Worker stopped');
      if (process.env.SHOW_WORKER_LOG) console.log(worker.output());
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      listener.disconnect();
    }
  }, 60_000);

  it('a worker killed with SIGKILL loses nothing: the next one publishes what is left', async () => {
    const listener = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const received = new Set<string>();
    listener.on('message', (_channel: string, payload: string) => {
      received.add((JSON.parse(payload) as { orderid: string }).orderid);
    });
    await listener.subscribe('line_allocated');
    const bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock: new FakeClock(),
      logger: new RecordingLogger(),
      stockTeamAddress: 'stock@made.com',
    });
    await bus.handle(CreateBatch({ ref: 'crash-b', sku: 'CRASH-SKU', qty: 1000, eta: null }), testOrigin);
    const env = { DATABASE_URL: testDatabase.url, REDIS_URL: redisUrl, DB_POOL_SIZE: '4' };
    const first = startWorker(env);
    let second: WorkerProcess | undefined;
    try {
      await first.waitForLog('Worker ready');
      const orders = Array.from({ length: 20 }, (_, i) => `crash-o${i}`);
      for (const [i, orderid] of orders.entries()) {
        if (i === 10) {
          first.child.kill('SIGKILL');
          await first.exited;
        }
        await bus.handle(Allocate({ orderid, sku: 'CRASH-SKU', qty: 1 }), testOrigin);
      }
      second = startWorker(env);
      await second.waitForLog('Worker ready');
      // A batch the first relay had claimed when it was killed waits for its lease (30 s) to run out.
      const deadline = Date.now() + 45_000;
      while (received.size < orders.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect([...received].sort()).toEqual([...orders].sort());
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
      if (second && second.child.exitCode === null) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      listener.disconnect();
    }
  }, 90_000);

  it('without REDIS_URL says it has nothing to do and exits 0', async () => {
    const worker = startWorker({ DATABASE_URL: testDatabase.url });
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('REDIS_URL is not set');
  }, 30_000);

  it('without DATABASE_URL refuses to start rather than use a database of its own', async () => {
    const worker = startWorker({ DATABASE_URL: '', REDIS_URL: redisUrl });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('DATABASE_URL: is required by the worker');
  }, 30_000);

  it('with a bad configuration says what is wrong and exits 1', async () => {
    const worker = startWorker({ DATABASE_URL: testDatabase.url, REDIS_URL: 'http://not-redis' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('REDIS_URL');
  }, 30_000);
});
