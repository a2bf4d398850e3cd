// The durable path through the real PostgreSQL (inbox, outbox, dead letters) and a private Redis:
// the stream `change_batch_quantity` read in the consumer group, and the stream `line_allocated`.
// Each test uses a stream of its own.
import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import {
  Allocate,
  type AllocationBus,
  bootstrap,
  ChangeBatchQuantity,
  type ChangeBatchQuantity as ChangeBatchQuantityCommand,
  type CommandOrigin,
  CreateBatch,
} from '@allocation/domain';
import { FakeClock, RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChangeBatchQuantityBus,
  CONSUMER_GROUP,
  MAX_MESSAGE_BYTES,
  type Messaging,
  startMessaging,
  streamEntryKey,
} from '../src/index.ts';
import {
  eventually,
  listen,
  type PrivateRedis,
  privateRedisAvailable,
  redisSkipReason,
  startPrivateRedis,
} from './support/redis.ts';

const skipReason = redisSkipReason ?? (await postgresSkipReason('messaging'));
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe.skipIf(skipReason !== undefined)('the change_batch_quantity stream through PostgreSQL', () => {
  let redis: PrivateRedis;
  let client: Redis;
  let testDatabase: TestDatabase;
  let database: Database;
  let bus: AllocationBus;
  const logger = new RecordingLogger();
  const clock = new FakeClock(new Date('2001-02-03T04:05:06.000Z'));
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    client = new Redis(redis.url);
    testDatabase = await createTestDatabase();
    database = await openDatabase({ url: testDatabase.url, poolSize: 6, writeOutbox: true, logger, clock });
    bus = bootstrap({
      uow: database.uow,
      notifications: database.notificationLog,
      clock,
      logger,
      stockTeamAddress: 'stock@made.com',
    });
  }, 30_000);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    client?.disconnect();
    await database?.close();
    await testDatabase?.drop();
    if (privateRedisAvailable) await redis?.stop();
  });

  /** A worker reading only the given stream (no relay, no channel). */
  async function startStreamWorker(
    stream: string,
    options: { bus?: ChangeBatchQuantityBus; claimIdleMs?: number; instanceId?: string } = {},
  ): Promise<Messaging> {
    const messaging = await startMessaging({
      redisUrl: redis.url,
      bus: options.bus ?? bus,
      outbox: database.outbox,
      deadLetters: database.deadLetters,
      logger,
      clock,
      relay: false,
      consumer: false,
      streamConsumer: { stream, claimIdleMs: options.claimIdleMs ?? 100, claimEveryMs: 50, blockMs: 200 },
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    });
    cleanups.push(() => messaging.stop());
    await messaging.ready;
    return messaging;
  }

  const purchased = async (sku: string, ref: string) =>
    (await database.views.stockForSku(sku)).find((batch) => batch.reference === ref)?.purchased;
  const pendingCount = async (stream: string) =>
    Number(((await client.xpending(stream, CONSUMER_GROUP)) as [number])[0]);
  const lineAllocatedRows = async (sku: string) =>
    (await database.prisma.outboxMessage.findMany()).filter(
      (row) => (row.payload as { sku?: string }).sku === sku,
    ).length;

  it('acknowledges an entry only after its effect committed; redelivered, it changes nothing', async () => {
    const stream = unique('cbq');
    const sku = unique('SOFA');
    await bus.handle(CreateBatch({ ref: `${sku}-b1`, sku, qty: 20, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: `${sku}-b2`, sku, qty: 20, eta: '2030-01-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku, qty: 15 }), testOrigin);
    const handledBy: string[] = [];
    // The first worker commits the change, then dies before its XACK.
    const crashing = await startStreamWorker(stream, {
      instanceId: 'crashing-worker',
      claimIdleMs: 60_000,
      bus: {
        handle: async (command: ChangeBatchQuantityCommand, origin: CommandOrigin) => {
          handledBy.push(`crashing:${command.idempotencyKey}`);
          await bus.handle(command, origin);
          throw new Error('the process died between the commit and the XACK');
        },
      },
    });
    const id = await client.xadd(stream, '*', 'payload', JSON.stringify({ batchref: `${sku}-b1`, qty: 10 }));
    await eventually('the change to commit', async () => (await purchased(sku, `${sku}-b1`)) === 10);
    await new Promise((r) => setTimeout(r, 100));
    expect(await pendingCount(stream)).toBe(1); // committed, not acknowledged
    await crashing.stop();
    const allocatedBefore = await lineAllocatedRows(sku);
    expect(allocatedBefore).toBe(2); // o1 on b1, then moved to b2
    // Meanwhile someone raises the batch again: the redelivered entry must not set it back to 10.
    await bus.handle(ChangeBatchQuantity({ ref: `${sku}-b1`, qty: 30 }), testOrigin);

    await startStreamWorker(stream, {
      instanceId: 'second-worker',
      bus: {
        handle: async (command: ChangeBatchQuantityCommand, origin: CommandOrigin) => {
          handledBy.push(`second:${command.idempotencyKey}`);
          return bus.handle(command, origin);
        },
      },
    });
    await eventually(
      'the redelivered entry to be acknowledged',
      async () => (await pendingCount(stream)) === 0,
    );

    const key = streamEntryKey(stream, id as string);
    expect(handledBy).toEqual([`crashing:${key}`, `second:${key}`]);
    expect(await purchased(sku, `${sku}-b1`)).toBe(30);
    expect(await lineAllocatedRows(sku)).toBe(allocatedBefore);
    expect(await database.prisma.inboxMessage.findMany({ where: { key } })).toEqual([
      { key, handledAt: clock.now() },
    ]);
  }, 30_000);

  it('an entry pending on a consumer that died is claimed and applied by another', async () => {
    const stream = unique('cbq');
    const sku = unique('LAMP');
    await bus.handle(CreateBatch({ ref: `${sku}-b1`, sku, qty: 20, eta: null }), testOrigin);
    await client.xgroup('CREATE', stream, CONSUMER_GROUP, '0', 'MKSTREAM');
    await client.xadd(stream, '*', 'payload', JSON.stringify({ batchref: `${sku}-b1`, qty: 7 }));
    // A consumer reads it and dies without handling it.
    const read = await client.xreadgroup(
      'GROUP',
      CONSUMER_GROUP,
      'dead-worker',
      'COUNT',
      10,
      'STREAMS',
      stream,
      '>',
    );
    expect(read).toHaveLength(1);
    expect(await pendingCount(stream)).toBe(1);

    await startStreamWorker(stream, { instanceId: 'survivor' });
    await eventually(
      'the abandoned entry to be applied',
      async () => (await purchased(sku, `${sku}-b1`)) === 7,
    );
    await eventually(
      'the abandoned entry to be acknowledged',
      async () => (await pendingCount(stream)) === 0,
    );
  }, 30_000);

  it('keeps poison entries as dead letters (at most 64 KiB of payload) and acknowledges them', async () => {
    const stream = unique('cbq');
    const sku = unique('RUG');
    await bus.handle(CreateBatch({ ref: `${sku}-b1`, sku, qty: 20, eta: null }), testOrigin);
    const huge = JSON.stringify({ batchref: `${sku}-b1`, qty: 3, filler: 'x'.repeat(MAX_MESSAGE_BYTES) });
    await startStreamWorker(stream);
    await client.xadd(stream, '*', 'payload', 'not json at all');
    await client.xadd(stream, '*', 'payload', '{"batchref": 5}');
    await client.xadd(stream, '*', 'payload', JSON.stringify({ batchref: unique('nope'), qty: 3 }));
    await client.xadd(stream, '*', 'payload', huge);
    await client.xadd(stream, '*', 'other', 'field');
    await client.xadd(stream, '*', 'payload', JSON.stringify({ batchref: `${sku}-b1`, qty: 4 }));

    await eventually('the good entry to be applied', async () => (await purchased(sku, `${sku}-b1`)) === 4);
    await eventually('every entry to be acknowledged', async () => (await pendingCount(stream)) === 0);
    const { items } = await database.views.deadLetters({ page: 1, pageSize: 50 });
    const letters = items
      .filter((letter) => letter.channel === `stream:${stream}`)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id))); // in the order the entries came
    expect(letters.map((letter) => letter.error)).toEqual([
      expect.stringMatching(/^Entry \d+-\d+: Malformed JSON: /),
      expect.stringMatching(/^Entry \d+-\d+: Wrong shape: /),
      expect.stringMatching(/^Entry \d+-\d+: ChangeBatchQuantity failed: UnknownBatch: Unknown batch nope-/),
      expect.stringMatching(
        new RegExp(
          `^Entry \\d+-\\d+: Too large: ${Buffer.byteLength(huge)} bytes, at most 65536 \\[payload cut to its first 65536 of ${Buffer.byteLength(huge)} bytes\\]$`,
        ),
      ),
      expect.stringMatching(/^Entry \d+-\d+: Wrong shape: the stream entry has no field "payload"$/),
    ]);
    expect(letters[3]?.payload).toBe(huge.slice(0, MAX_MESSAGE_BYTES));
    // Each keeps its entry's inbox key (what a replay uses), named in its error too; all open.
    for (const letter of letters) {
      const id = /^Entry (\d+-\d+):/.exec(letter.error)?.[1];
      expect(letter).toMatchObject({ inboxKey: streamEntryKey(stream, id ?? '?'), state: 'open' });
    }
    expect(letters.every((letter) => letter.receivedAt.getTime() === clock.now().getTime())).toBe(true);
  }, 30_000);

  it('a channel message that carries an id takes effect once, however often it is published', async () => {
    const sku = unique('STOOL');
    await bus.handle(CreateBatch({ ref: `${sku}-b1`, sku, qty: 20, eta: null }), testOrigin);
    const messaging = await startMessaging({
      redisUrl: redis.url,
      bus,
      outbox: database.outbox,
      deadLetters: database.deadLetters,
      logger,
      clock,
      relay: false,
      streamConsumer: false,
    });
    cleanups.push(() => messaging.stop());
    await messaging.ready;
    const message = JSON.stringify({ batchref: `${sku}-b1`, qty: 10, id: unique('m') });
    const repeats = () =>
      logger.entries.filter(
        (entry) =>
          entry.message === 'Message handled before (same id); nothing changed' &&
          entry.context?.ref === `${sku}-b1`,
      ).length;
    await client.publish('change_batch_quantity', message);
    await eventually('the message to be applied', async () => (await purchased(sku, `${sku}-b1`)) === 10);
    await bus.handle(ChangeBatchQuantity({ ref: `${sku}-b1`, qty: 30 }), testOrigin);
    // Past the claim's same-delivery window: the claim alone would let this repeat through.
    await new Promise((r) => setTimeout(r, 2_100));
    await client.publish('change_batch_quantity', message);
    await eventually('the repeat to be handled', () => repeats() === 1);
    expect(await purchased(sku, `${sku}-b1`)).toBe(30);
  }, 30_000);

  it('every relayed line_allocated is on the stream with its outbox id, and the channel message has the same id', async () => {
    const sku = unique('CHAIR');
    const listener = await listen(redis.url, 'line_allocated');
    cleanups.push(() => listener.close());
    const messaging = await startMessaging({
      redisUrl: redis.url,
      bus,
      outbox: database.outbox,
      deadLetters: database.deadLetters,
      logger,
      clock,
      relay: { intervalMs: 20, streamMaxLength: 1000 },
      consumer: false,
      streamConsumer: false,
    });
    cleanups.push(() => messaging.stop());
    await messaging.ready;
    await bus.handle(CreateBatch({ ref: `${sku}-b1`, sku, qty: 20, eta: null }), testOrigin);
    for (const orderid of ['o1', 'o2', 'o3'])
      await bus.handle(Allocate({ orderid, sku, qty: 1 }), testOrigin);

    const ours = (text: string) => (JSON.parse(text) as { sku: string }).sku === sku;
    await listener.waitFor((messages) => messages.filter((m) => ours(m.payload)).length === 3);
    const channel = listener.messages
      .filter((m) => ours(m.payload))
      .map((m) => JSON.parse(m.payload) as { orderid: string; id: string });
    const entries = (await client.xrange('line_allocated', '-', '+'))
      .map(([, fields]) => ({ payload: fields[1] ?? '', id: fields[3] }))
      .filter((entry) => ours(entry.payload));
    const outboxIds = (await database.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } }))
      .filter((row) => (row.payload as { sku?: string }).sku === sku)
      .map((row) => String(row.id));
    expect(entries.map((entry) => entry.id)).toEqual(outboxIds);
    expect(channel.map((message) => message.id)).toEqual(outboxIds);
    expect(entries.map((entry) => (JSON.parse(entry.payload) as { orderid: string }).orderid)).toEqual([
      'o1',
      'o2',
      'o3',
    ]);
  }, 30_000);
});
