// createApp on a real database with a fake clock: every timestamp the service writes is the clock's.
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { Allocate, CreateBatch, type StoredMessage } from '@allocation/domain';
import { FakeClock, testOrigin } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, loadConfig } from '../src/index.ts';

const skipReason = await postgresSkipReason('composition-root');

describe.skipIf(skipReason !== undefined)('createApp with an injected clock', () => {
  const clock = new FakeClock(new Date('1999-03-04T05:06:07.890Z')); // far from today
  let testDatabase: TestDatabase;
  let app: App;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    // REDIS_URL set: the unit of work writes the outbox (nothing here connects to Redis).
    const config = loadConfig({
      DATABASE_URL: testDatabase.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      DB_POOL_SIZE: '2',
      LOG_LEVEL: 'silent',
    });
    app = await createApp({ config, clock });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await testDatabase?.drop();
  });

  it('dates out-of-stock alerts, recorded notifications and outbox rows by the clock it was given', async () => {
    expect(app.clock).toBe(clock);
    await app.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }), testOrigin);

    const alerts = await app.views.outOfStockAlerts({ page: 1, pageSize: 10 });
    expect(alerts.items.map((alert) => [alert.orderid, alert.at])).toEqual([['o2', clock.now()]]);
    const notifications = await app.views.recordedNotifications({ page: 1, pageSize: 10 });
    expect(notifications.items.map((n) => n.sentAt)).toEqual([clock.now()]);
    const relayed: StoredMessage[] = [];
    await app.outbox.relay(10, async (messages) => void relayed.push(...messages));
    expect(relayed.map((m) => [m.payload.orderid, m.createdAt])).toEqual([['o1', clock.now()]]);
  }, 30_000);
});
