// The notification outbox on PostgreSQL: emails stored with the command that ran out of stock, by
// the window rule, and claimed with a lease so several dispatchers never deliver one twice.
import {
  Allocate,
  bootstrap,
  CreateBatch,
  deliverDueNotifications,
  type Mail,
  type Mailer,
} from '@allocation/domain';
import { FakeClock, testOrigin } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { BACKENDS, silentLogger, unique, useBackend } from './support.ts';

const WINDOW = 900_000;

describe.each(BACKENDS)('the notification outbox on %s', (backend) => {
  const clock = new FakeClock(new Date('2026-06-01T08:00:00.000Z'));
  const backendRef = useBackend(backend, {
    clock,
    notificationPolicy: { destination: 'team@example.com', windowMs: WINDOW },
  });
  const bus = () => bootstrap({ uow: backendRef.db.uow, clock, logger: silentLogger });

  async function skuWithNoStock(): Promise<string> {
    const sku = unique('GONE');
    await bus().handle(CreateBatch({ ref: unique('b'), sku, qty: 1, eta: null }), testOrigin);
    return sku;
  }
  const emailsOf = async (sku: string) =>
    (await backendRef.db.views.notifications({ page: 1, pageSize: 100 })).items.filter((n) => n.sku === sku);

  it('stores a pending email with the out-of-stock allocation, dated by the clock', async () => {
    const sku = await skuWithNoStock();
    const at = clock.now();
    await bus().handle(Allocate({ orderid: 'o1', sku, qty: 5 }), testOrigin);
    expect(await emailsOf(sku)).toEqual([
      {
        id: expect.any(String),
        sku,
        destination: 'team@example.com',
        message: `Out of stock for ${sku}: order o1 asked for 5`,
        state: 'pending',
        createdAt: at,
        dueAt: at,
        sentAt: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
      },
    ]);
  });

  it('gathers the orders after a claimed email into one digest due a window later', async () => {
    const sku = await skuWithNoStock();
    const first = clock.now();
    await bus().handle(Allocate({ orderid: 'o1', sku, qty: 5 }), testOrigin);
    const claimed = await backendRef.db.notificationOutbox.claim(100, 60_000);
    expect(claimed.map((n) => n.sku)).toContain(sku);
    clock.advance(1_000);
    await bus().handle(Allocate({ orderid: 'o2', sku, qty: 5 }), testOrigin);
    await bus().handle(Allocate({ orderid: 'o3', sku, qty: 6 }), testOrigin);
    const [digest] = await emailsOf(sku);
    expect(digest).toMatchObject({ state: 'pending', dueAt: new Date(first.getTime() + WINDOW) });
    expect(digest?.message).toContain('2 orders ran out');
    expect(digest?.message).toContain('order o3 asked for 6');
    expect(await backendRef.db.notificationOutbox.claim(100, 60_000)).toEqual([]);
    for (const n of claimed) await backendRef.db.notificationOutbox.markSent(n.id, 'smtp');
  });

  it('shows failing emails with their attempts, error and next try; then sent', async () => {
    const sku = await skuWithNoStock();
    clock.advance(WINDOW * 2);
    await bus().handle(Allocate({ orderid: 'o1', sku, qty: 5 }), testOrigin);
    const outbox = backendRef.db.notificationOutbox;
    const [claimed] = (await outbox.claim(100, 60_000)).filter((n) => n.sku === sku);
    const retryAt = new Date(clock.now().getTime() + 5_000);
    await outbox.markFailed(claimed?.id ?? '', 'Connection refused', retryAt);
    expect(await emailsOf(sku)).toMatchObject([
      { state: 'failing', attempts: 1, lastError: 'Connection refused', nextAttemptAt: retryAt },
    ]);
    expect((await outbox.claim(100, 60_000)).filter((n) => n.sku === sku)).toEqual([]);
    clock.advance(5_000);
    const [again] = (await outbox.claim(100, 60_000)).filter((n) => n.sku === sku);
    expect(again).toMatchObject({ id: claimed?.id, attempts: 1 });
    await outbox.markSent(again?.id ?? '', 'smtp');
    expect(await emailsOf(sku)).toMatchObject([{ state: 'sent', sentAt: clock.now(), lastError: null }]);
  });
});

describe('dispatchers on PostgreSQL', () => {
  const clock = new FakeClock(new Date('2026-06-01T08:00:00.000Z'));
  let test: TestDatabase;
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    test = await createTestDatabase();
    first = await openDatabase({ url: test.url, clock, poolSize: 4 });
    second = await openDatabase({ url: test.url, clock, poolSize: 4 });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await test?.drop();
  });

  /** A mailer that takes a while, so two dispatchers overlap. */
  const slowMailer = (delivered: Mail[]): Mailer => ({
    via: 'smtp',
    async deliver(mail) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      delivered.push(mail);
    },
  });
  const dispatch = (db: Database, delivered: Mail[]) =>
    deliverDueNotifications({
      outbox: db.notificationOutbox,
      mailer: slowMailer(delivered),
      clock,
      logger: silentLogger,
      messageIdDomain: 'example.com',
      leaseMs: 60_000,
      backoffMs: 1_000,
      maxBackoffMs: 60_000,
      limit: 1_000,
    });

  it('two dispatchers deliver each of many notifications exactly once between them', async () => {
    const bus = bootstrap({ uow: first.uow, clock, logger: silentLogger });
    const skus = Array.from({ length: 30 }, () => unique('TWO'));
    for (const sku of skus) {
      await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 1, eta: null }), testOrigin);
      await bus.handle(Allocate({ orderid: 'o1', sku, qty: 2 }), testOrigin);
    }
    const byFirst: Mail[] = [];
    const bySecond: Mail[] = [];
    const [a, b] = await Promise.all([dispatch(first, byFirst), dispatch(second, bySecond)]);
    expect(a.sent + b.sent).toBe(30);
    expect(byFirst.length).toBeGreaterThan(0);
    expect(bySecond.length).toBeGreaterThan(0);
    const ids = [...byFirst, ...bySecond].map((m) => m.messageId);
    expect(new Set(ids).size).toBe(30);
    expect(await dispatch(first, byFirst)).toEqual({ sent: 0, failed: 0 });
  });

  it('a lease keeps a claimed notification from the other dispatcher until it runs out', async () => {
    const bus = bootstrap({ uow: first.uow, clock, logger: silentLogger });
    const sku = unique('LEASE');
    await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 1, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku, qty: 2 }), testOrigin);
    const [held] = await first.notificationOutbox.claim(1, 30_000);
    expect(held?.sku).toBe(sku);
    expect(await second.notificationOutbox.claim(10, 30_000)).toEqual([]);
    clock.advance(30_000); // the first dispatcher died holding it
    expect((await second.notificationOutbox.claim(10, 30_000)).map((n) => n.id)).toEqual([held?.id]);
  });

  it('concurrent out-of-stock allocations of one sku make one email listing every order', async () => {
    const sku = unique('RACE');
    const setup = bootstrap({ uow: first.uow, clock, logger: silentLogger });
    await setup.handle(CreateBatch({ ref: unique('b'), sku, qty: 1, eta: null }), testOrigin);
    const buses = [first, second].map((db) =>
      bootstrap({
        uow: db.uow,
        clock,
        logger: silentLogger,
        retry: {
          attempts: 30,
          baseDelayMs: 2,
          maxDelayMs: 20,
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          random: Math.random,
        },
      }),
    );
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (buses[i % 2] ?? setup).handle(Allocate({ orderid: `o${i}`, sku, qty: 5 }), testOrigin),
      ),
    );
    const rows = await first.prisma.notification.findMany({ where: { sku }, include: { orders: true } });
    expect(rows).toHaveLength(1);
    expect((rows[0]?.orders ?? []).map((o) => o.orderid).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `o${i}`),
    );
  });
});
