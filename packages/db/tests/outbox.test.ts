import { Allocate, bootstrap, CreateBatch, type StoredMessage } from '@allocation/domain';
import { testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { BACKENDS, silentLogger, unique, useBackend } from './support.ts';

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
    await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 1000, eta: null }), testOrigin);
    for (let i = 0; i < count; i++) await bus.handle(Allocate({ orderid: `o${i}`, sku, qty: 1 }), testOrigin);
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

describe.each(BACKENDS)('the relay holds no transaction while it publishes (%s)', (backend) => {
  /** The wall clock, moved forward at will: leases run out without waiting for them. */
  let ahead = 0;
  const backendRef = useBackend(backend, { clock: { now: () => new Date(Date.now() + ahead) } });

  const bus = () =>
    bootstrap({
      uow: backendRef.db.uow,
      notifications: backendRef.db.notificationLog,
      clock: { now: () => new Date() },
      logger: silentLogger,
      stockTeamAddress: 'stock@example.com',
    });

  it('commands commit promptly while a publish is stalled, and its messages are sent once it completes', async () => {
    const sku = unique('STALL');
    await bus().handle(CreateBatch({ ref: unique('b'), sku, qty: 100, eta: null }), testOrigin);
    await bus().handle(Allocate({ orderid: 'before', sku, qty: 1 }), testOrigin);
    let unstall: () => void = () => {};
    const stalled = new Promise<void>((resolve) => {
      unstall = resolve;
    });
    let claimed: () => void = () => {};
    const claimedOnce = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const relaying = backendRef.db.outbox.relay(100, async () => {
      claimed();
      await stalled; // a broker that does not answer
    });
    await claimedOnce;
    const started = performance.now();
    for (let i = 0; i < 5; i++)
      await bus().handle(Allocate({ orderid: `during-${i}`, sku, qty: 1 }), testOrigin);
    expect(performance.now() - started).toBeLessThan(2_000);
    // Claimed messages are not handed to another relay while the lease holds.
    const others: StoredMessage[] = [];
    await backendRef.db.outbox.relay(100, async (messages) => void others.push(...messages));
    expect(others.map((m) => m.payload.orderid).filter((o) => o === 'before')).toEqual([]);
    expect(others.map((m) => m.payload.orderid)).toEqual([
      'during-0',
      'during-1',
      'during-2',
      'during-3',
      'during-4',
    ]);
    unstall();
    expect(await relaying).toBeGreaterThanOrEqual(1);
    expect(await backendRef.db.outbox.relay(100, async () => {})).toBe(0);
  });

  it('a relay that died mid-publish leaves a lease that runs out: another relay sends its messages', async () => {
    const sku = unique('LEASE');
    await bus().handle(CreateBatch({ ref: unique('b'), sku, qty: 100, eta: null }), testOrigin);
    await backendRef.db.outbox.relay(100, async () => {}); // earlier tests' messages out of the way
    await bus().handle(Allocate({ orderid: 'orphaned', sku, qty: 1 }), testOrigin);
    let died: () => void = () => {};
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    // Never resolves: the process "died" holding the claim.
    void backendRef.db.outbox.relay(100, () => {
      died();
      return new Promise<void>(() => {});
    });
    await dead;
    expect(await backendRef.db.outbox.relay(100, async () => {})).toBe(0);
    ahead = 31_000; // past the lease
    try {
      const resent: StoredMessage[] = [];
      expect(await backendRef.db.outbox.relay(100, async (m) => void resent.push(...m))).toBe(1);
      expect(resent.map((m) => m.payload.orderid)).toEqual(['orphaned']);
    } finally {
      ahead = 0;
    }
  });
});
