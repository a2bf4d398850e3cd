import { Allocate, bootstrap, CreateBatch, type StoredMessage } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { silentLogger, unique, useBackend } from './support.ts';

describe('transactional outbox on PostgreSQL', () => {
  const backendRef = useBackend('postgres');

  async function allocateSome(count: number): Promise<string> {
    const { db } = backendRef;
    const bus = bootstrap({
      uow: db.uow,
      notifications: db.notificationLog,
      clock: { now: () => new Date() },
      logger: silentLogger,
      stockTeamAddress: 'stock@example.com',
    });
    const sku = unique('OUTBOX');
    await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 1000, eta: null }));
    for (let i = 0; i < count; i++) await bus.handle(Allocate({ orderid: `o${i}`, sku, qty: 1 }));
    return sku;
  }

  const drain = async () => {
    const sent: StoredMessage[] = [];
    while ((await backendRef.db.outbox.relay(50, async (messages) => void sent.push(...messages))) > 0) {}
    return sent;
  };

  it('hands out unsent messages oldest first and marks them sent', async () => {
    await drain();
    const sku = await allocateSome(3);
    const batches: StoredMessage[][] = [];
    const relay = () => backendRef.db.outbox.relay(2, async (messages) => void batches.push([...messages]));
    expect(await relay()).toBe(2);
    expect(await relay()).toBe(1);
    expect(await relay()).toBe(0);
    expect(batches.flat().map((m) => m.payload.orderid)).toEqual(['o0', 'o1', 'o2']);
    expect(batches.flat().every((m) => m.payload.sku === sku && m.createdAt instanceof Date)).toBe(true);
  });

  it('prunes only messages sent before the cutoff, oldest first, never unsent ones', async () => {
    await drain();
    await allocateSome(3);
    expect(await drain()).toHaveLength(3);
    await allocateSome(1); // stays unsent
    const { db } = backendRef;
    const count = async () =>
      (
        await db.prisma.$queryRaw<{ sent: number; unsent: number }[]>`
        SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
               count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM outbox`
      )[0];
    expect(await db.outbox.prune(new Date(Date.now() - 3_600_000), 100)).toBe(0); // none that old
    const sentBefore = (await count())?.sent ?? 0;
    expect(await db.outbox.prune(new Date(Date.now() + 1_000), 2)).toBe(2);
    expect(await count()).toEqual({ sent: sentBefore - 2, unsent: 1 });
    expect(await db.outbox.prune(new Date(Date.now() + 1_000), 100)).toBe(sentBefore - 2);
    expect(await count()).toEqual({ sent: 0, unsent: 1 });
  });

  it('keeps messages whose sending failed, to send them again', async () => {
    await drain();
    await allocateSome(2);
    const failing = backendRef.db.outbox.relay(10, async () => {
      throw new Error('redis down');
    });
    await expect(failing).rejects.toThrow('redis down');
    expect((await drain()).map((m) => m.payload.orderid)).toEqual(['o0', 'o1']);
  });

  it('never gives two relays the same message (FOR UPDATE SKIP LOCKED)', async () => {
    await drain();
    await allocateSome(6);
    let releaseFirst: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let claimedFirst: (ids: string[]) => void = () => {};
    const firstClaimed = new Promise<string[]>((resolve) => {
      claimedFirst = resolve;
    });
    const first = backendRef.db.outbox.relay(3, async (messages) => {
      claimedFirst(messages.map((m) => m.id));
      await held; // still sending while the second relay runs
    });
    const firstIds = await firstClaimed;
    const secondIds: string[] = [];
    await backendRef.db.outbox.relay(
      10,
      async (messages) => void secondIds.push(...messages.map((m) => m.id)),
    );
    releaseFirst();
    expect(await first).toBe(3);
    expect(firstIds).toHaveLength(3);
    expect(secondIds).toHaveLength(3);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(await drain()).toEqual([]);
  });
});
