import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Redis tests run where REDIS_URL is set (`.ci/run` sets it); elsewhere they are skipped, saying why. */
export const REDIS_URL = process.env.REDIS_URL;
export const redisSkipReason = REDIS_URL
  ? undefined
  : 'REDIS_URL is unset: skipping the tests against a real Redis (set REDIS_URL=redis://127.0.0.1:6379 to run them)';
if (redisSkipReason) console.warn(`[messaging] ${redisSkipReason}`);

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether the tests can run a private redis-server (so the shared one is never touched). */
export const privateRedisAvailable = hasRedisServer();

/** A port nothing listens on right now, for a server a test starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (as a crash would: no save). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/**
 * A redis-server child process owned by the test, on a free port, keeping nothing on disk. When
 * redis-server is not installed, the shared REDIS_URL is used instead (and cannot be stopped).
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  if (!privateRedisAvailable) {
    const url = REDIS_URL ?? 'redis://127.0.0.1:6379';
    return {
      url,
      port: Number(new URL(url).port || 6379),
      stop: async () => {
        throw new Error('redis-server is not installed: cannot stop the shared Redis');
      },
      start: async () => {},
    };
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error('redis-server did not start within 10 s');
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

export interface Listener {
  readonly messages: { channel: string; payload: string }[];
  /** Resolves when `predicate` holds for the messages received so far. */
  waitFor(
    predicate: (messages: readonly { channel: string; payload: string }[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  close(): Promise<void>;
}

/** A subscriber standing in for another system; it reconnects and resubscribes like any ioredis client. */
export async function listen(url: string, channel: string): Promise<Listener> {
  const redis = new Redis(url, { retryStrategy: () => 25, maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const messages: { channel: string; payload: string }[] = [];
  redis.on('message', (ch: string, payload: string) => messages.push({ channel: ch, payload }));
  await redis.subscribe(channel);
  return {
    messages,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out after ${timeoutMs} ms; received ${messages.length}: ${JSON.stringify(messages.slice(-5))}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Waits until `condition` holds (polling), or fails naming what it waited for. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How many clients are subscribed to a channel (i.e. whether a consumer is listening yet). */
export async function subscribers(url: string, channel: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const reply = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(reply[1]);
  } catch {
    return 0;
  } finally {
    redis.disconnect();
  }
}

/** Publishes as another system would, waiting for Redis if needed. */
export async function publishTo(url: string, channel: string, payload: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await redis.publish(channel, payload);
  } finally {
    redis.disconnect();
  }
}
