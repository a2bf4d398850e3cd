import { expect, type TestInfo } from '@playwright/test';
import Redis from 'ioredis';
import { target } from './target';

/** One attempt, quickly: a test without Redis is skipped, not kept waiting. */
const CONNECT_ONCE = {
  lazyConnect: true,
  connectTimeout: 3_000,
  maxRetriesPerRequest: 1,
  retryStrategy: () => null,
};

/**
 * A connection to the Redis the app's worker listens on, or the test is skipped saying why: without
 * REDIS_URL, or when Redis does not answer, no message can reach the app.
 */
export async function connectRedis(testInfo: TestInfo): Promise<Redis | undefined> {
  const url = process.env.REDIS_URL;
  if (!url) {
    testInfo.skip(true, 'REDIS_URL is unset: no message can reach the app’s worker');
    return undefined;
  }
  const redis = new Redis(url, CONNECT_ONCE);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    testInfo.skip(
      true,
      `Redis at ${url} does not answer (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
  return redis;
}

/**
 * Pub/sub drops messages nobody listens to: wait for a subscriber on the channel. The suite's own
 * server starts a worker, so none within a minute is a failure; a running instance (E2E_BASE_URL) may
 * simply not consume this Redis, which skips the test.
 */
export async function awaitSubscriber(redis: Redis, channel: string, testInfo: TestInfo): Promise<void> {
  const subscribers = async () => Number((await redis.pubsub('NUMSUB', channel))[1]);
  if (target.managed) {
    await expect.poll(subscribers, { timeout: 60_000 }).toBeGreaterThan(0);
    return;
  }
  const deadline = Date.now() + 10_000;
  while ((await subscribers()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  testInfo.skip(
    (await subscribers()) === 0,
    `nobody subscribes to ${channel} on ${process.env.REDIS_URL}: the instance at ${target.baseURL} runs no worker on this Redis`,
  );
}

/**
 * Publishes a message when REDIS_URL is set and the app's worker listens on the channel (waiting for
 * it a while on the suite's own server, which starts one): true once published, false when nobody can
 * hear it, for tests that show a page with such data when they can and without it otherwise.
 */
export async function publishIfHeard(channel: string, message: string): Promise<boolean> {
  const url = process.env.REDIS_URL;
  if (!url) return false;
  const redis = new Redis(url, CONNECT_ONCE);
  try {
    await redis.connect();
    const deadline = Date.now() + (target.managed ? 60_000 : 5_000);
    while (Number((await redis.pubsub('NUMSUB', channel))[1]) === 0) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await redis.publish(channel, message);
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
