// Every timestamp the database adapters write is the injected clock's, never the database's or the
// process's own reading: a clock stopped far from today shows it.
import { Allocate, bootstrap, CreateBatch, type StoredMessage } from '@allocation/domain';
import { FakeClock, testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { silentLogger, unique, useBackend } from './support.ts';

const FAR_FROM_TODAY = new Date('1999-03-04T05:06:07.890Z');

describe('timestamps on PostgreSQL come from the clock', () => {
  const clock = new FakeClock(FAR_FROM_TODAY);
  const backendRef = useBackend('postgres', { clock });
  const bus = () =>
    bootstrap({
      uow: backendRef.db.uow,
      clock,
      logger: silentLogger,
    });
  const drain = async () => {
    const sent: StoredMessage[] = [];
    while ((await backendRef.db.outbox.relay(50, async (messages) => void sent.push(...messages))) > 0) {}
    return sent;
  };

  it("dates outbox rows at commit, marks them sent at the relay's time, and prunes by those times", async () => {
    const { db } = backendRef;
    await drain();
    const sku = unique('CLOCK');
    await bus().handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: null }), testOrigin);
    await bus().handle(Allocate({ orderid: 'o1', sku, qty: 1 }), testOrigin);
    const committedAt = clock.now();
    clock.advance(60_000);
    const sentAt = clock.now();

    const [message] = await drain();
    expect(message?.createdAt).toEqual(committedAt);
    const rows = await db.prisma.outboxMessage.findMany({ where: { id: BigInt(message?.id ?? 0) } });
    expect(rows.map((row) => [row.createdAt, row.sentAt])).toEqual([[committedAt, sentAt]]);

    expect(await db.outbox.prune(new Date(sentAt.getTime() - 1), 100)).toBe(0);
    expect(await db.outbox.prune(new Date(sentAt.getTime() + 1), 100)).toBe(1);
  });

  it('dates out-of-stock alerts and the notifications recorded for them', async () => {
    const { db } = backendRef;
    const sku = unique('CLOCK');
    await bus().handle(CreateBatch({ ref: unique('b'), sku, qty: 1, eta: null }), testOrigin);
    clock.advance(1_000);
    const at = clock.now();
    expect(await bus().handle(Allocate({ orderid: 'o1', sku, qty: 5 }), testOrigin)).toMatchObject({
      status: 'out_of_stock',
    });

    const alerts = await db.views.outOfStockAlerts({ page: 1, pageSize: 10, sku });
    expect(alerts.items.map((alert) => alert.at)).toEqual([at]);
    const stored = await db.views.notifications({ page: 1, pageSize: 100 });
    expect(stored.items.find((n) => n.sku === sku)).toMatchObject({ createdAt: at, dueAt: at });
    const [claimed] = await db.notificationOutbox.claim(1, 60_000);
    clock.advance(1_000);
    await db.notificationOutbox.markSent(claimed?.id ?? '', 'recorded');
    const after = await db.views.notifications({ page: 1, pageSize: 100 });
    expect(after.items.find((n) => n.sku === sku)).toMatchObject({ state: 'recorded', sentAt: clock.now() });
  });

  it('dates a notification recorded directly', async () => {
    const { db } = backendRef;
    clock.advance(1_000);
    await db.notificationLog.send('ops@example.com', 'dated by the clock');
    const rows = await db.prisma.recordedNotification.findMany({ where: { message: 'dated by the clock' } });
    expect(rows[0]).toMatchObject({ message: 'dated by the clock', sentAt: clock.now() });
  });
});
