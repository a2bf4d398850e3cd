/**
 * Redis connections with the behaviour the worker needs: reconnect forever with capped backoff,
 * log an outage once (not on every retry), and say when the connection is back.
 */
import type { Logger } from '@allocation/domain';
import { Redis, type RedisOptions } from 'ioredis';

export interface ConnectionOptions {
  /** Shown in logs and `CLIENT LIST`. */
  readonly name: string;
  readonly logger: Logger;
  /** Longest wait between reconnection attempts (ms). Default 2 s. */
  readonly maxReconnectDelayMs?: number;
  readonly redisOptions?: RedisOptions;
}

/** Where a URL points, without its password: safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

export function connectRedis(url: string, options: ConnectionOptions): Redis {
  const { name, logger, maxReconnectDelayMs = 2000 } = options;
  const redis = new Redis(url, {
    connectionName: name,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxReconnectDelayMs),
    ...options.redisOptions,
  });
  const where = redactUrl(url);
  let down = false;
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis reports every failed reconnection attempt; log each distinct problem once per outage.
    if (down && error.message === lastError) return;
    lastError = error.message;
    logger.warn('Redis connection error', { connection: name, redis: where, error: error.message });
  });
  redis.on('close', () => {
    if (!down && redis.status !== 'end')
      logger.warn('Redis connection lost; reconnecting', { connection: name });
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis connection restored', { connection: name });
    down = false;
    lastError = '';
  });
  return redis;
}

/** Closes a connection politely, or forcibly if Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await Promise.race([
      redis.quit(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('quit timed out')), 1000).unref()),
    ]);
  } catch {
    redis.disconnect();
  }
}
