// The Redis adapters against a real Redis: a private redis-server owned by this file, so the shared
// one is never touched and no other suite's messages reach these consumers.
import { Allocate, type ChangeBatchQuantity, type CommandOrigin, CreateBatch } from '@allocation/domain';
import {
  bootstrapWithFakes,
  FakeDeadLetters,
  FakeOutbox,
  type FakeSystem,
  RecordingLogger,
  testOrigin,
} from '@allocation/domain/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryClaims, type Messaging, startMessaging } from '../src/index.ts';
import {
  eventually,
  type Listener,
  listen,
  type PrivateRedis,
  privateRedisAvailable,
  publishTo,
  redisSkipReason,
  startPrivateRedis,
  subscribers,
} from './support/redis.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Worker {
  readonly messaging: Messaging;
  readonly handled: ChangeBatchQuantity[];
  readonly logger: RecordingLogger;
}

/** A worker instance over the given fake system, as apps/worker would start one. */
async function startWorker(
  redisUrl: string,
  system: FakeSystem,
  deadLetters: FakeDeadLetters,
  options: { relay?: boolean; requireSubscribers?: boolean } = {},
): Promise<Worker> {
  const handled: ChangeBatchQuantity[] = [];
  const logger = new RecordingLogger();
  const messaging = await startMessaging({
    redisUrl,
    bus: {
      handle: (command: ChangeBatchQuantity, origin: CommandOrigin) => {
        handled.push(command);
        return system.bus.handle(command, origin);
      },
    },
    outbox: new FakeOutbox(system.uow),
    deadLetters,
    logger,
    clock: system.clock,
    relay:
      options.relay === false
        ? false
        : { intervalMs: 20, maxBackoffMs: 200, requireSubscribers: options.requireSubscribers ?? false },
  });
  cleanups.push(() => messaging.stop());
  await messaging.ready;
  return { messaging, handled, logger };
}

async function listenTo(url: string, channel: string): Promise<Listener> {
  const listener = await listen(url, channel);
  cleanups.push(() => listener.close());
  return listener;
}

const payloads = (listener: Listener) =>
  listener.messages.map((m) => JSON.parse(m.payload) as Record<string, unknown>);

describe.skipIf(redisSkipReason !== undefined)('messaging against a real Redis', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    if (privateRedisAvailable) await redis?.stop();
  });

  it('publishes line_allocated {orderid, sku, qty, batchref, id} within a second of the allocation, and appends it to the stream with the same id', async () => {
    const system = bootstrapWithFakes();
    const listener = await listenTo(redis.url, 'line_allocated');
    await startWorker(redis.url, system, new FakeDeadLetters());
    await system.bus.handle(
      CreateBatch({ ref: 'batch-1', sku: 'RED-CHAIR', qty: 10, eta: null }),
      testOrigin,
    );
    const allocatedAt = Date.now();
    await system.bus.handle(Allocate({ orderid: 'order-1', sku: 'RED-CHAIR', qty: 3 }), testOrigin);
    await listener.waitFor((m) => m.length === 1, 1000);
    expect(Date.now() - allocatedAt).toBeLessThan(1000);
    expect(listener.messages[0]?.channel).toBe('line_allocated');
    const announced = JSON.parse(listener.messages[0]?.payload ?? '') as Record<string, unknown>;
    expect(announced).toEqual({
      orderid: 'order-1',
      sku: 'RED-CHAIR',
      qty: 3,
      batchref: 'batch-1',
      id: String(system.uow.outbox[0]?.id),
    });
    // The stream: field `payload` (the book's JSON) and field `id`, the same id as the channel's.
    const reader = new Redis(redis.url);
    cleanups.push(async () => reader.disconnect());
    const entries = await reader.xrange('line_allocated', '-', '+');
    expect(entries.map(([, fields]) => fields).filter((f) => f[1]?.includes('RED-CHAIR'))).toEqual([
      [
        'payload',
        JSON.stringify({ orderid: 'order-1', sku: 'RED-CHAIR', qty: 3, batchref: 'batch-1' }),
        'id',
        announced.id,
      ],
    ]);
  });

  it('a change_batch_quantity message leads to line_allocated for the re-allocated order', async () => {
    const system = bootstrapWithFakes();
    await system.bus.handle(
      CreateBatch({ ref: 'batch1', sku: 'ADORABLE-SETTEE', qty: 10, eta: '2026-01-01' }),
      testOrigin,
    );
    await system.bus.handle(
      CreateBatch({ ref: 'batch2', sku: 'ADORABLE-SETTEE', qty: 10, eta: '2026-01-02' }),
      testOrigin,
    );
    await system.bus.handle(Allocate({ orderid: 'order1', sku: 'ADORABLE-SETTEE', qty: 10 }), testOrigin);
    const listener = await listenTo(redis.url, 'line_allocated');
    await startWorker(redis.url, system, new FakeDeadLetters());
    // The original allocation goes out first.
    await listener.waitFor((m) => m.length === 1);
    expect(payloads(listener)[0]).toMatchObject({ orderid: 'order1', batchref: 'batch1' });

    await publishTo(redis.url, 'change_batch_quantity', JSON.stringify({ batchref: 'batch1', qty: 5 }));

    await listener.waitFor((m) => m.length === 2, 2000);
    expect(payloads(listener)[1]).toEqual({
      orderid: 'order1',
      sku: 'ADORABLE-SETTEE',
      qty: 10,
      batchref: 'batch2',
      id: String(system.uow.outbox[1]?.id),
    });
    expect(await system.views.allocationsForOrder('order1')).toEqual([
      { sku: 'ADORABLE-SETTEE', qty: 10, batchref: 'batch2' },
    ]);
    // The audit trail names the consumer as who changed the quantity, and what moved.
    expect(system.uow.auditRecords.at(-1)).toMatchObject({
      actor: { kind: 'service', id: null, name: 'redis:change_batch_quantity' },
      command: 'ChangeBatchQuantity',
      outcome: 'succeeded',
      result: { moved: [{ orderid: 'order1', from: 'batch1', to: 'batch2' }] },
    });
  });

  it('keeps malformed and failing messages aside as dead letters, and goes on', async () => {
    const system = bootstrapWithFakes();
    await system.bus.handle(CreateBatch({ ref: 'b-ok', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    const deadLetters = new FakeDeadLetters();
    const worker = await startWorker(redis.url, system, deadLetters, { relay: false });
    const bad = [
      'not json at all',
      '[1,2]',
      '{"batchref": "b-ok", "qty": "five"}',
      '{"batchref": "nope", "qty": 3}',
    ];
    for (const payload of bad) await publishTo(redis.url, 'change_batch_quantity', payload);
    await publishTo(redis.url, 'change_batch_quantity', '{"batchref": "b-ok", "qty": 7}');

    await eventually('the good message to be applied', async () => {
      const [stock] = await system.views.stockForSku('LAMP');
      return stock?.purchased === 7;
    });
    expect(deadLetters.letters.map((l) => l.payload)).toEqual(bad);
    expect(deadLetters.letters.map((l) => l.error)).toEqual([
      expect.stringMatching(/^Malformed JSON: /),
      expect.stringMatching(/^Wrong shape: expected a JSON object/),
      'Wrong shape: qty must be a number',
      'ChangeBatchQuantity failed: UnknownBatch: Unknown batch nope',
    ]);
    for (const letter of deadLetters.letters) {
      expect(letter.channel).toBe('change_batch_quantity');
      expect(letter.receivedAt).toBeInstanceOf(Date);
    }
    expect(
      worker.logger.entries.filter((e) => e.message === 'Message set aside as a dead letter'),
    ).toHaveLength(4);
  });

  it('two workers receiving the same messages apply each once, repeats included (5 -> 10 -> 5)', async () => {
    const system = bootstrapWithFakes();
    await system.bus.handle(CreateBatch({ ref: 'shared', sku: 'DESK', qty: 100, eta: null }), testOrigin);
    const deadLetters = new FakeDeadLetters();
    const [a, b] = [
      await startWorker(redis.url, system, deadLetters, { relay: false }),
      await startWorker(redis.url, system, deadLetters, { relay: false }),
    ];
    expect(await subscribers(redis.url, 'change_batch_quantity')).toBe(2);

    const sequence = [5, 10, 5, 'not json', 12];
    for (const qty of sequence) {
      const payload = typeof qty === 'number' ? JSON.stringify({ batchref: 'shared', qty }) : qty;
      await publishTo(redis.url, 'change_batch_quantity', payload);
    }
    await eventually(
      'all five messages to be handled',
      () => a.handled.length + b.handled.length + deadLetters.letters.length === 5,
    );
    await new Promise((r) => setTimeout(r, 100)); // room for any duplicate to show up
    const applied = [...a.handled, ...b.handled].map((c) => c.qty).sort((x, y) => x - y);
    expect(applied).toEqual([5, 5, 10, 12]);
    expect(deadLetters.letters).toHaveLength(1);
    expect((await system.views.stockForSku('DESK'))[0]?.purchased).toBe(12);
  });
});

describe.skipIf(redisSkipReason !== undefined)('delivery claims against a real Redis', () => {
  let redis: PrivateRedis;
  let connection: Redis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    connection = new Redis(redis.url);
  });
  afterAll(async () => {
    connection?.disconnect();
    if (privateRedisAvailable) await redis?.stop();
  });
  const instance = (instanceId: string) =>
    new DeliveryClaims({
      redis: connection,
      instanceId,
      windowMs: 5_000,
      sameDeliveryMs: 200,
      keyPrefix: 'test:claim:',
    });
  const claim = (claims: DeliveryClaims, payload: string) =>
    claims.claim(claims.keyFor('change_batch_quantity', payload));

  it('one instance wins the same delivery; the others see it taken', async () => {
    const payload = JSON.stringify({ batchref: 'same-delivery', qty: 5 });
    const outcomes = await Promise.all(['a', 'b', 'c'].map((id) => claim(instance(id), payload)));
    expect(outcomes.sort()).toEqual(['mine', 'taken', 'taken']);
  });

  it('a worker restarted within the window still handles a repeat of a message it handled before', async () => {
    const payload = JSON.stringify({ batchref: 'restarted', qty: 5 });
    expect(await claim(instance('worker-before-restart'), payload)).toBe('mine');
    await new Promise((r) => setTimeout(r, 300)); // a later delivery, not the same one
    const restarted = instance('worker-after-restart');
    expect(await claim(restarted, payload)).toBe('mine');
    expect(await claim(restarted, payload)).toBe('mine'); // and it goes on counting from there
  });

  it('an instance that missed a delivery and one that saw it handle the next one once between them', async () => {
    const payload = JSON.stringify({ batchref: 'missed', qty: 5 });
    const [all, late] = [instance('saw-all'), instance('joined-late')];
    expect(await claim(all, payload)).toBe('mine');
    await new Promise((r) => setTimeout(r, 300));
    const outcomes = await Promise.all([claim(all, payload), claim(late, payload)]);
    expect(outcomes.sort()).toEqual(['mine', 'taken']);
  });
});

describe.skipIf(redisSkipReason !== undefined || !privateRedisAvailable)(
  'Redis stopped and restarted',
  () => {
    it('every line_allocated still arrives, and the consumer resubscribes by itself', async () => {
      const redis = await startPrivateRedis();
      cleanups.push(() => redis.stop());
      const system = bootstrapWithFakes();
      await system.bus.handle(CreateBatch({ ref: 'big', sku: 'SOFA', qty: 1000, eta: null }), testOrigin);
      const listener = await listenTo(redis.url, 'line_allocated');
      // The listener stands for another system, subscribed all along; after Redis comes back it
      // resubscribes a little after the worker reconnects. The worker runs as in production: the
      // relay keeps what nobody received in the grace window after a reconnect.
      const worker = await startWorker(redis.url, system, new FakeDeadLetters());

      const orders = Array.from({ length: 30 }, (_, i) => `order-${i}`);
      for (const [i, orderid] of orders.entries()) {
        if (i === 10) await redis.stop();
        if (i === 20) await redis.start();
        await system.bus.handle(Allocate({ orderid, sku: 'SOFA', qty: 1 }), testOrigin);
        await new Promise((r) => setTimeout(r, 20));
      }

      await listener.waitFor(
        (m) => new Set(m.map((x) => JSON.parse(x.payload).orderid)).size === orders.length,
        15_000,
      );
      const received = new Set(payloads(listener).map((p) => p.orderid));
      expect([...received].sort()).toEqual([...orders].sort());
      expect(system.uow.outbox.every((m) => m.sent)).toBe(true);
      expect(worker.logger.entries.map((e) => e.message)).toEqual(
        expect.arrayContaining([
          'Outbox relay could not publish; the messages stay in the outbox',
          'Outbox relay recovered',
        ]),
      );

      // The consumer is back on its own: a quantity change published now is applied.
      await eventually(
        'the consumer to resubscribe',
        async () => (await subscribers(redis.url, 'change_batch_quantity')) === 1,
        10_000,
      );
      await publishTo(redis.url, 'change_batch_quantity', JSON.stringify({ batchref: 'big', qty: 500 }));
      await eventually(
        'the change to be applied',
        async () => (await system.views.stockForSku('SOFA'))[0]?.purchased === 500,
      );
    }, 30_000);

    it('a worker started before Redis waits for it, then relays and consumes', async () => {
      const redis = await startPrivateRedis();
      cleanups.push(() => redis.stop());
      await redis.stop();
      const system = bootstrapWithFakes();
      await system.bus.handle(CreateBatch({ ref: 'late', sku: 'STOOL', qty: 10, eta: null }), testOrigin);
      await system.bus.handle(Allocate({ orderid: 'early-order', sku: 'STOOL', qty: 1 }), testOrigin);
      const messaging = await startMessaging({
        redisUrl: redis.url,
        bus: system.bus,
        outbox: new FakeOutbox(system.uow),
        deadLetters: new FakeDeadLetters(),
        logger: new RecordingLogger(),
        clock: system.clock,
        relay: { intervalMs: 20, requireSubscribers: true },
      });
      cleanups.push(() => messaging.stop());
      let ready = false;
      void messaging.ready.then(() => {
        ready = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(ready).toBe(false);

      await redis.start();
      const listener = await listenTo(redis.url, 'line_allocated');
      await messaging.ready;
      await listener.waitFor((m) => m.length >= 1, 10_000);
      expect(payloads(listener)[0]).toMatchObject({ orderid: 'early-order', batchref: 'late' });
      await publishTo(redis.url, 'change_batch_quantity', JSON.stringify({ batchref: 'late', qty: 4 }));
      await eventually(
        'the change to be applied',
        async () => (await system.views.stockForSku('STOOL'))[0]?.purchased === 4,
      );
    }, 30_000);

    it('stops promptly even while Redis is away', async () => {
      const redis = await startPrivateRedis();
      await redis.stop();
      const system = bootstrapWithFakes();
      const messaging = await startMessaging({
        redisUrl: redis.url,
        bus: system.bus,
        outbox: new FakeOutbox(system.uow),
        deadLetters: new FakeDeadLetters(),
        logger: new RecordingLogger(),
        clock: system.clock,
      });
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await messaging.stop();
      expect(Date.now() - started).toBeLessThan(2000);
    });
  },
);
