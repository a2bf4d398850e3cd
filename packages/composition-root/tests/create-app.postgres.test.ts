// createApp on a real database with a fake clock: every timestamp the service writes is the clock's.
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { Allocate, CreateBatch, type StoredMessage } from '@allocation/domain';
import { FakeClock, testOrigin } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, loadConfig, startNotificationDispatch } from '../src/index.ts';

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

  it('dates out-of-stock alerts, notifications and outbox rows by the clock it was given', async () => {
    expect(app.clock).toBe(clock);
    await app.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }), testOrigin);

    const alerts = await app.views.outOfStockAlerts({ page: 1, pageSize: 10 });
    expect(alerts.items.map((alert) => [alert.orderid, alert.at])).toEqual([['o2', clock.now()]]);
    const notifications = await app.views.notifications({ page: 1, pageSize: 10 });
    expect(notifications.items.map((n) => [n.state, n.createdAt])).toEqual([['pending', clock.now()]]);
    // Without SMTP_URL the dispatcher records it in the app, at the clock's time.
    clock.advance(1_000);
    const dispatcher = startNotificationDispatch({
      config: app.config,
      outbox: app.notificationOutbox,
      clock,
      logger: app.logger,
    });
    for (let i = 0; i < 100; i++) {
      if ((await app.views.notifications({ page: 1, pageSize: 1 })).items[0]?.sentAt) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await dispatcher.stop();
    const recorded = await app.views.notifications({ page: 1, pageSize: 10 });
    expect(recorded.items.map((n) => [n.state, n.sentAt])).toEqual([['recorded', clock.now()]]);
    clock.advance(-1_000);
    const relayed: StoredMessage[] = [];
    await app.outbox.relay(10, async (messages) => void relayed.push(...messages));
    expect(relayed.map((m) => [m.payload.orderid, m.createdAt])).toEqual([['o1', clock.now()]]);
  }, 30_000);
});
