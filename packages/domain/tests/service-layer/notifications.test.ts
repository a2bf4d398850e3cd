import { describe, expect, it } from 'vitest';
import { Allocate, CreateBatch, deliverDueNotifications, StoreUnavailable } from '../../src/index.ts';
import { bootstrapWithFakes, FakeMailer, testOrigin } from '../../src/testing/index.ts';

const WINDOW = 900_000;

async function outOfStockSystem() {
  const system = bootstrapWithFakes();
  await system.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin);
  await system.bus.handle(CreateBatch({ ref: 'b2', sku: 'RUG', qty: 1, eta: null }), testOrigin);
  const mailer = new FakeMailer();
  const deliver = () =>
    deliverDueNotifications({
      outbox: system.notifications,
      mailer,
      clock: system.clock,
      logger: system.logger,
      messageIdDomain: 'example.com',
      leaseMs: 60_000,
      backoffMs: 1_000,
      maxBackoffMs: 8_000,
      limit: 10,
    });
  const runOut = (orderid: string, sku = 'LAMP') =>
    system.bus.handle(Allocate({ orderid, sku, qty: 5 }), testOrigin);
  const emails = async () => (await system.notifications.notifications({ page: 1, pageSize: 50 })).items;
  return { ...system, mailer, deliver, runOut, emails };
}

describe('out-of-stock notifications', () => {
  it('stores one pending email per out-of-stock, in the command that ran out, sending nothing', async () => {
    const { runOut, uow, mailer, emails, clock } = await outOfStockSystem();
    const commitsBefore = uow.commits;
    await runOut('o1');
    expect(uow.notifications).toHaveLength(1);
    // The allocate command's own commit wrote it (the alert's and the history's handlers commit after it).
    expect(uow.commits - commitsBefore).toBe(3);
    expect(mailer.delivered).toEqual([]);
    expect(await emails()).toEqual([
      {
        id: '1',
        sku: 'LAMP',
        destination: 'stock@made.com',
        message: 'Out of stock for LAMP: order o1 asked for 5',
        state: 'pending',
        createdAt: clock.now(),
        dueAt: clock.now(),
        sentAt: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
      },
    ]);
  });

  it('writes nothing when the command rolls back', async () => {
    const { bus, uow } = await outOfStockSystem();
    uow.simulateConflicts(3);
    await expect(bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }), testOrigin)).rejects.toThrow();
    expect(uow.notifications).toEqual([]);
  });

  it('mails the first out-of-stock of a sku at once, with a Message-ID derived from its id', async () => {
    const { runOut, deliver, mailer, emails, clock } = await outOfStockSystem();
    await runOut('o1');
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(mailer.delivered).toEqual([
      {
        messageId: '<notification-1@example.com>',
        to: 'stock@made.com',
        text: 'Out of stock for LAMP: order o1 asked for 5',
      },
    ]);
    expect(await emails()).toMatchObject([{ state: 'sent', sentAt: clock.now() }]);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
  });

  it('then sends one digest per window listing every order that ran out since', async () => {
    const { runOut, deliver, mailer, clock, views } = await outOfStockSystem();
    await runOut('o1');
    await deliver();
    clock.advance(60_000);
    await runOut('o2');
    clock.advance(60_000);
    await runOut('o3');
    expect(await deliver()).toEqual({ sent: 0, failed: 0 }); // the window is not over
    clock.advance(WINDOW - 120_000);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(mailer.delivered).toHaveLength(2);
    const digest = mailer.delivered[1]?.text ?? '';
    expect(digest).toMatch(/^Out of stock for LAMP: 2 orders ran out/);
    expect(digest).toContain('order o2 asked for 5 at 2026-01-01T09:01:00.000Z');
    expect(digest).toContain('order o3 asked for 5 at 2026-01-01T09:02:00.000Z');
    // Every occurrence is still an alert.
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 10 })).total).toBe(3);
  });

  it('keeps the window per sku: another sku is mailed at once', async () => {
    const { runOut, deliver, mailer } = await outOfStockSystem();
    await runOut('o1', 'LAMP');
    await deliver();
    await runOut('o2', 'LAMP');
    await runOut('o3', 'RUG');
    await deliver();
    expect(mailer.delivered.map((m) => m.text)).toEqual([
      'Out of stock for LAMP: order o1 asked for 5',
      'Out of stock for RUG: order o3 asked for 5',
    ]);
  });

  it('mails at once again when a window has passed with no out-of-stock', async () => {
    const { runOut, deliver, mailer, clock } = await outOfStockSystem();
    await runOut('o1');
    await deliver();
    clock.advance(WINDOW * 2);
    await runOut('o2');
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(mailer.delivered[1]?.text).toBe('Out of stock for LAMP: order o2 asked for 5');
  });

  it('joins orders to an email no dispatcher has taken yet', async () => {
    const { runOut, deliver, mailer } = await outOfStockSystem();
    await runOut('o1');
    await runOut('o2');
    await deliver();
    expect(mailer.delivered).toHaveLength(1);
    expect(mailer.delivered[0]?.text).toContain('2 orders ran out');
  });

  it('retries a failed delivery with exponential backoff, showing it as failing meanwhile', async () => {
    const { runOut, deliver, mailer, emails, clock } = await outOfStockSystem();
    await runOut('o1');
    mailer.failWith = new Error('Connection refused');
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    expect(await emails()).toMatchObject([
      {
        state: 'failing',
        attempts: 1,
        lastError: 'Connection refused',
        nextAttemptAt: new Date(clock.now().getTime() + 1_000),
      },
    ]);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 }); // not before its next try
    clock.advance(1_000);
    await deliver();
    expect((await emails())[0]).toMatchObject({
      attempts: 2,
      nextAttemptAt: new Date(clock.now().getTime() + 2_000),
    });
    mailer.failWith = undefined;
    clock.advance(2_000);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(mailer.delivered.map((m) => m.messageId)).toEqual(['<notification-1@example.com>']);
    expect(await emails()).toMatchObject([{ state: 'sent', lastError: null, nextAttemptAt: null }]);
  });

  it('does not hand a claimed notification to a second dispatcher until its lease runs out', async () => {
    const { runOut, notifications, clock } = await outOfStockSystem();
    await runOut('o1');
    expect(await notifications.claim(1, 60_000)).toHaveLength(1);
    expect(await notifications.claim(1, 60_000)).toEqual([]);
    clock.advance(60_000);
    expect(await notifications.claim(1, 60_000)).toHaveLength(1);
  });

  it('mails once when the database is away between the delivery and its mark (waits, then marks it sent)', async () => {
    const { runOut, notifications, mailer, clock, logger, emails } = await outOfStockSystem();
    await runOut('o1');
    const markSent = notifications.markSent.bind(notifications);
    let outage = 3;
    notifications.markSent = async (id, via) => {
      if (outage-- > 0) throw new StoreUnavailable();
      return markSent(id, via);
    };
    const pass = () =>
      deliverDueNotifications({
        outbox: notifications,
        mailer,
        clock,
        logger,
        messageIdDomain: 'example.com',
        leaseMs: 60_000,
        backoffMs: 1_000,
        maxBackoffMs: 8_000,
        limit: 10,
        wait: async (ms) => clock.advance(ms),
      });
    expect(await pass()).toEqual({ sent: 1, failed: 0 });
    clock.advance(60_000);
    await pass();
    expect(mailer.delivered).toHaveLength(1);
    expect((await emails())[0]?.state).toBe('sent');
  });
});
