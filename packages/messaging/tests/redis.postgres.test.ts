// Through the real database: the Prisma/PostgreSQL outbox and dead letters, with a private Redis.

import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { Allocate, bootstrap, CreateBatch } from '@allocation/domain';
import { FakeClock, RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Messaging, startMessaging } from '../src/index.ts';
import {
  eventually,
  listen,
  type PrivateRedis,
  privateRedisAvailable,
  publishTo,
  redisSkipReason,
  startPrivateRedis,
} from './support/redis.ts';

const skipReason = redisSkipReason ?? (await postgresSkipReason('messaging'));

describe.skipIf(skipReason !== undefined)('messaging through PostgreSQL', () => {
  let redis: PrivateRedis;
  let testDatabase: TestDatabase;
  let database: Database;
  const logger = new RecordingLogger();
  /** Far from today: every timestamp written below must be this one. */
  const clock = new FakeClock(new Date('2001-02-03T04:05:06.000Z'));

  beforeAll(async () => {
    redis = await startPrivateRedis();
    testDatabase = await createTestDatabase();
    database = await openDatabase({
      url: testDatabase.url,
      poolSize: 6,
      writeOutbox: true,
      logger,
      clock,
    });
  }, 30_000);

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    if (privateRedisAvailable) await redis?.stop();
  });

  it('relays allocations and re-allocations exactly once with two workers, and keeps dead letters', async () => {
    const bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock,
      logger,
      stockTeamAddress: 'stock@made.com',
    });
    const listener = await listen(redis.url, 'line_allocated');
    const workers: Messaging[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const messaging = await startMessaging({
          redisUrl: redis.url,
          bus,
          outbox: database.outbox,
          deadLetters: database.deadLetters,
          logger,
          clock,
          relay: { intervalMs: 20 },
        });
        workers.push(messaging);
        await messaging.ready;
      }

      await bus.handle(CreateBatch({ ref: 'pg-b1', sku: 'PG-LAMP', qty: 20, eta: null }), testOrigin);
      await bus.handle(
        CreateBatch({ ref: 'pg-b2', sku: 'PG-LAMP', qty: 100, eta: '2030-01-01' }),
        testOrigin,
      );
      const orders = Array.from({ length: 10 }, (_, i) => `pg-order-${i}`);
      await Promise.all(
        orders.map((orderid) => bus.handle(Allocate({ orderid, sku: 'PG-LAMP', qty: 2 }), testOrigin)),
      );
      await listener.waitFor((m) => m.length >= orders.length, 5000);

      // Cut the first batch to 10: five lines move to the second batch, each announced.
      await publishTo(redis.url, 'change_batch_quantity', JSON.stringify({ batchref: 'pg-b1', qty: 10 }));
      await publishTo(redis.url, 'change_batch_quantity', '{"batchref": "pg-b1", "qty": -4}');
      await listener.waitFor((m) => m.length >= orders.length + 5, 5000);
      await eventually(
        'the dead letter to be stored',
        async () => (await database.views.deadLetters({ page: 1, pageSize: 10 })).total === 1,
      );
      await new Promise((r) => setTimeout(r, 200)); // room for any duplicate

      const messages = listener.messages.map(
        (m) => JSON.parse(m.payload) as { orderid: string; batchref: string },
      );
      expect(messages).toHaveLength(orders.length + 5);
      expect(new Set(messages.slice(0, orders.length).map((m) => m.orderid))).toEqual(new Set(orders));
      const moved = messages.slice(orders.length);
      expect(moved.every((m) => m.batchref === 'pg-b2')).toBe(true);
      const stock = await database.views.stockForSku('PG-LAMP');
      expect(stock.map((s) => [s.reference, s.purchased, s.allocated])).toEqual([
        ['pg-b1', 10, 10],
        ['pg-b2', 100, 10],
      ]);
      const { items } = await database.views.deadLetters({ page: 1, pageSize: 10 });
      expect(items[0]).toMatchObject({
        channel: 'change_batch_quantity',
        payload: '{"batchref": "pg-b1", "qty": -4}',
        error: 'Wrong shape: qty must be at least 0',
        inboxKey: null, // the message had no id
        state: 'open',
      });
      // The dead letter and the outbox rows are dated by the service's clock, not the database's.
      expect(items[0]?.receivedAt).toEqual(clock.now());
      const outboxTimes = await database.prisma.outboxMessage.findMany({
        select: { createdAt: true, sentAt: true },
      });
      expect(outboxTimes).toHaveLength(orders.length + 5);
      expect(
        new Set(outboxTimes.flatMap((row) => [row.createdAt.toISOString(), row.sentAt?.toISOString()])),
      ).toEqual(new Set([clock.now().toISOString()]));
    } finally {
      for (const worker of workers) await worker.stop();
      await listener.close();
    }
  }, 30_000);
});
