// A Redis that accepts connections and never answers: the relay's publishes stall, yet allocations
// commit promptly, on PostgreSQL and on the embedded database (which runs one transaction at a time),
// and the messages wait in the outbox, unsent.

import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import { Allocate, bootstrap, CreateBatch } from '@allocation/domain';
import { RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishTimedOut, RedisPublisher, startOutboxRelay } from '../src/index.ts';

const clock = { now: () => new Date() };

describe.each(['postgres', 'pglite'] as const)('a broker that never answers (%s)', (backend) => {
  let database: Database;
  let cleanup: () => Promise<void> = async () => {};
  const sockets = new Set<Socket>();
  const silentRedis = createServer((socket) => {
    sockets.add(socket); // accepts, reads, never replies
    socket.on('error', () => {});
  });

  beforeAll(async () => {
    silentRedis.listen(0, '127.0.0.1');
    await once(silentRedis, 'listening');
    const logger = new RecordingLogger();
    if (backend === 'postgres') {
      const test: TestDatabase = await createTestDatabase();
      database = await openDatabase({ url: test.url, writeOutbox: true, logger, clock });
      cleanup = () => test.drop();
    } else {
      const dataDir = await mkdtemp(join(tmpdir(), 'allocation-stalled-broker-'));
      database = await openDatabase({ dataDir, writeOutbox: true, logger, clock });
      cleanup = () => rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  afterAll(async () => {
    await database?.close();
    await cleanup();
    for (const socket of sockets) socket.destroy();
    silentRedis.close();
  });

  it('allocations commit promptly while every publish stalls; the messages stay in the outbox', async () => {
    const { port } = silentRedis.address() as AddressInfo;
    // No ready check: ioredis takes the silent server for a live Redis and waits for its replies.
    const redis = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, maxRetriesPerRequest: null });
    const logger = new RecordingLogger();
    const relay = startOutboxRelay({
      outbox: database.outbox,
      publisher: new RedisPublisher(redis),
      logger,
      clock,
      intervalMs: 10,
      publishTimeoutMs: 300,
    });
    const bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock,
      logger,
      stockTeamAddress: 'stock@example.com',
    });
    try {
      await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 100, eta: null }), testOrigin);
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await bus.handle(Allocate({ orderid: `o${i}`, sku: 'LAMP', qty: 1 }), testOrigin);
        expect(performance.now() - started).toBeLessThan(1_000);
        await new Promise((resolve) => setTimeout(resolve, 50)); // let the relay claim and stall
      }
      await expect.poll(() => logger.entries.some((e) => e.level === 'warn'), { timeout: 5_000 }).toBe(true);
      const warning = logger.entries.find((e) => e.level === 'warn');
      expect(JSON.stringify(warning?.context)).toContain(PublishTimedOut.name);
      expect(relay.published).toBe(0);
    } finally {
      const stopping = performance.now();
      await relay.stop();
      expect(performance.now() - stopping).toBeLessThan(2_000); // a stalled publish does not hold the stop
      redis.disconnect();
    }
    const unsent = await database.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM outbox WHERE sent_at IS NULL`;
    expect(unsent).toEqual([{ count: 10 }]);
  });
});
