// The parts that need no Redis: parsing messages, the relay loop's promises, claim keys.

import { EventEmitter } from 'node:events';
import type { ExternalPublisher, OutgoingMessage } from '@allocation/domain';
import { Allocate, CreateBatch } from '@allocation/domain';
import {
  bootstrapWithFakes,
  FakeClock,
  FakeOutbox,
  RecordingLogger,
  testOrigin,
} from '@allocation/domain/testing';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  boundedLetter,
  channelInboxKey,
  DeliveryClaims,
  MAX_MESSAGE_BYTES,
  MessageRejected,
  NoSubscribers,
  PUBSUB_KEY_PREFIX,
  parseChangeBatchQuantity,
  RedisPublisher,
  setAside,
  startOutboxRelay,
} from '../src/index.ts';

describe('parseChangeBatchQuantity', () => {
  it('turns the book message into the command', () => {
    expect(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 5}')).toEqual({
      type: 'ChangeBatchQuantity',
      ref: 'B-1',
      qty: 5,
    });
  });

  it('allows cutting a batch to zero and ignores extra fields', () => {
    expect(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 0, "by": "ops"}')).toMatchObject({ qty: 0 });
  });

  it.each([
    ['not JSON', '{batchref: B-1', /^Malformed JSON: /],
    ['a JSON array', '[1]', /^Wrong shape: expected a JSON object .*got an array$/],
    ['JSON null', 'null', /got null$/],
    ['a JSON string', '"B-1"', /got a string$/],
    ['missing batchref', '{"qty": 5}', /^Wrong shape: batchref is required$/],
    ['the REST field name ref', '{"ref": "B-1", "qty": 5}', /^Wrong shape: batchref is required$/],
    ['a text qty', '{"batchref": "B-1", "qty": "5"}', /^Wrong shape: qty must be a number$/],
    ['a negative qty', '{"batchref": "B-1", "qty": -1}', /^Wrong shape: qty must be at least 0$/],
    ['a fractional qty', '{"batchref": "B-1", "qty": 1.5}', /^Wrong shape: qty must be a whole number$/],
    ['an empty batchref and no qty', '{"batchref": " "}', /batchref must not be empty; qty is required$/],
  ])('rejects %s, saying why', (_, payload, reason) => {
    expect(() => parseChangeBatchQuantity(payload)).toThrow(MessageRejected);
    expect(() => parseChangeBatchQuantity(payload)).toThrow(reason);
  });

  it('rejects a message over 64 KiB before parsing it', () => {
    const payload = JSON.stringify({ batchref: 'B-1', qty: 5, pad: 'é'.repeat(MAX_MESSAGE_BYTES / 2) });
    expect(() => parseChangeBatchQuantity(payload)).toThrow(
      `Too large: ${Buffer.byteLength(payload)} bytes, at most 65536`,
    );
  });

  it('makes a message id (string or whole number) the idempotency key, under the prefix given', () => {
    expect(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 5, "id": "m-7"}', 'p:')).toEqual({
      type: 'ChangeBatchQuantity',
      ref: 'B-1',
      qty: 5,
      idempotencyKey: 'p:m-7',
    });
    expect(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 5, "id": 42}', 'p:').idempotencyKey).toBe(
      'p:42',
    );
    // Other ids are ignored like any extra key; without a prefix no key is taken.
    for (const payload of [
      '{"batchref": "B-1", "qty": 5, "id": ""}',
      '{"batchref": "B-1", "qty": 5, "id": {}}',
    ]) {
      expect(parseChangeBatchQuantity(payload, 'p:')).not.toHaveProperty('idempotencyKey');
    }
    expect(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 5, "id": "m-7"}')).not.toHaveProperty(
      'idempotencyKey',
    );
  });
});

describe('dead letters', () => {
  it('keep a payload of up to 64 KiB whole', () => {
    const rejection = { channel: 'c', payload: 'x'.repeat(MAX_MESSAGE_BYTES), error: 'Too large' };
    expect(boundedLetter(rejection)).toEqual(rejection);
  });

  it('keep the first 64 KiB of a larger one, on a character boundary, and say it was cut', () => {
    const payload = `${'x'.repeat(MAX_MESSAGE_BYTES - 1)}é and more`;
    const letter = boundedLetter({ channel: 'c', payload, error: 'Too large' });
    expect(letter.payload).toBe('x'.repeat(MAX_MESSAGE_BYTES - 1));
    expect(letter.error).toBe(
      `Too large [payload cut to its first ${MAX_MESSAGE_BYTES - 1} of ${Buffer.byteLength(payload)} bytes]`,
    );
  });

  it('are logged when they cannot be stored, and the consumer is told', async () => {
    const logger = new RecordingLogger();
    const stored = await setAside(
      {
        deadLetters: { record: async () => Promise.reject(new Error('database away')) },
        logger,
        clock: new FakeClock(new Date('2001-01-01T00:00:00Z')),
      },
      { channel: 'c', payload: 'p', error: 'bad' },
    );
    expect(stored).toBe(false);
    expect(logger.entries.map((entry) => entry.message)).toEqual([
      'Message set aside as a dead letter',
      'Could not record a dead letter; the message is only in this log',
    ]);
  });
});

describe('the Redis publisher', () => {
  /** A connection whose PUBLISH reaches `receivers` subscribers; emits 'ready' like ioredis on (re)connect. */
  function connection() {
    const redis = Object.assign(new EventEmitter(), {
      receivers: 0,
      publish: async () => redis.receivers,
    });
    return redis;
  }
  const message: OutgoingMessage = {
    channel: 'line_allocated',
    payload: { orderid: 'o1', sku: 'LAMP', qty: 1, batchref: 'b1' },
  };

  it('keeps a message nobody received in the grace after a (re)connect, and lets it go after', async () => {
    const redis = connection();
    let now = 1_000;
    const publisher = new RedisPublisher(redis as unknown as Redis, {
      reconnectGraceMs: 10_000,
      now: () => now,
    });

    await expect(publisher.publish(message)).rejects.toBeInstanceOf(NoSubscribers);
    redis.receivers = 1;
    await expect(publisher.publish(message)).resolves.toBeUndefined();

    redis.receivers = 0;
    now += 10_000;
    await expect(publisher.publish(message)).resolves.toBeUndefined(); // nobody has listened for a while

    redis.emit('ready'); // Redis came back: other systems are still resubscribing
    await expect(publisher.publish(message)).rejects.toThrow(
      'No subscriber received the message on line_allocated',
    );
    now += 10_000;
    await expect(publisher.publish(message)).resolves.toBeUndefined();
  });

  it('with requireSubscribers always keeps what nobody received', async () => {
    let now = 0;
    const publisher = new RedisPublisher(connection() as unknown as Redis, {
      requireSubscribers: true,
      now: () => now,
    });
    now += 3_600_000;
    await expect(publisher.publish(message)).rejects.toBeInstanceOf(NoSubscribers);
  });
});

class FlakyPublisher implements ExternalPublisher {
  readonly published: OutgoingMessage[] = [];
  failuresLeft = 0;
  async publish(message: OutgoingMessage): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('Connection is closed.');
    }
    this.published.push(message);
  }
}

const until = async (condition: () => boolean, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the outbox relay', () => {
  it('publishes line_allocated for each allocation and marks it sent', async () => {
    const system = bootstrapWithFakes();
    const publisher = new FlakyPublisher();
    const relay = startOutboxRelay({
      outbox: new FakeOutbox(system.uow),
      publisher,
      logger: new RecordingLogger(),
      clock: system.clock,
      intervalMs: 5,
    });
    try {
      await system.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
      await system.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 }), testOrigin);
      await until(() => publisher.published.length === 1);
      expect(publisher.published[0]).toMatchObject({
        channel: 'line_allocated',
        payload: { orderid: 'o1', sku: 'LAMP', qty: 2, batchref: 'b1' },
      });
      expect(system.uow.outbox.every((m) => m.sent)).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  it('keeps messages while publishing fails, backs off, and sends them all once it works again', async () => {
    const system = bootstrapWithFakes();
    const publisher = new FlakyPublisher();
    publisher.failuresLeft = 4;
    const logger = new RecordingLogger();
    const relay = startOutboxRelay({
      outbox: new FakeOutbox(system.uow),
      publisher,
      logger,
      clock: system.clock,
      intervalMs: 5,
      minBackoffMs: 5,
      maxBackoffMs: 20,
    });
    try {
      await system.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
      for (const orderid of ['o1', 'o2', 'o3'])
        await system.bus.handle(Allocate({ orderid, sku: 'LAMP', qty: 1 }), testOrigin);
      await until(() => system.uow.outbox.every((m) => m.sent));
      const published = publisher.published.map((m) => m.payload.orderid);
      expect(new Set(published)).toEqual(new Set(['o1', 'o2', 'o3']));
      expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1); // an outage is logged once
      expect(logger.entries.map((e) => e.message)).toContain('Outbox relay recovered');
    } finally {
      await relay.stop();
    }
  });

  it('deletes sent messages once they are older than the retention, never unsent ones', async () => {
    const system = bootstrapWithFakes();
    const clock = new FakeClock(new Date('2026-11-23T08:00:00Z'));
    const publisher = new FlakyPublisher();
    const logger = new RecordingLogger();
    const relay = startOutboxRelay({
      outbox: new FakeOutbox(system.uow, undefined, clock),
      publisher,
      logger,
      intervalMs: 5,
      retentionMs: 60_000,
      pruneEveryMs: 1_000,
      clock,
    });
    try {
      await system.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
      await system.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), testOrigin);
      await until(() => system.uow.outbox.every((m) => m.sent));
      publisher.failuresLeft = Number.POSITIVE_INFINITY; // the next one stays unsent
      await system.bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }), testOrigin);

      clock.advance(61_000);
      await until(() => system.uow.outbox.length === 1);
      expect(system.uow.outbox[0]).toMatchObject({ sent: false, payload: { orderid: 'o2' } });
      expect(logger.entries).toContainEqual(
        expect.objectContaining({
          message: 'Outbox relay deleted old sent messages',
          context: expect.objectContaining({ deleted: 1 }),
        }),
      );
    } finally {
      await relay.stop();
    }
  });

  it("cuts pruning off at the service clock's time minus the retention", async () => {
    const system = bootstrapWithFakes();
    const clock = new FakeClock(new Date('2001-02-03T04:05:06.000Z')); // far from today
    const outbox = new FakeOutbox(system.uow, undefined, clock);
    const cutoffs: Date[] = [];
    const relay = startOutboxRelay({
      outbox: {
        relay: (limit, send) => outbox.relay(limit, send),
        prune: (sentBefore, limit) => {
          cutoffs.push(sentBefore);
          return outbox.prune(sentBefore, limit);
        },
      },
      publisher: new FlakyPublisher(),
      logger: new RecordingLogger(),
      clock,
      intervalMs: 5,
      retentionMs: 60_000,
    });
    try {
      await until(() => cutoffs.length === 1);
      expect(cutoffs[0]).toEqual(new Date('2001-02-03T04:04:06.000Z'));
    } finally {
      await relay.stop();
    }
  });

  it('stops promptly while waiting', async () => {
    const system = bootstrapWithFakes();
    const relay = startOutboxRelay({
      outbox: new FakeOutbox(system.uow),
      publisher: new FlakyPublisher(),
      logger: new RecordingLogger(),
      clock: system.clock,
      intervalMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('DeliveryClaims.keyFor', () => {
  const claims = (now: () => number) =>
    new DeliveryClaims({ redis: {} as Redis, instanceId: 'test', windowMs: 1000, now });

  it('numbers repeats of the same payload, so 5 -> 10 -> 5 are three messages', () => {
    const t = 0;
    const c = claims(() => t);
    const five = c.keyFor('change_batch_quantity', '{"batchref":"b","qty":5}');
    const ten = c.keyFor('change_batch_quantity', '{"batchref":"b","qty":10}');
    const fiveAgain = c.keyFor('change_batch_quantity', '{"batchref":"b","qty":5}');
    expect(new Set([five, ten, fiveAgain]).size).toBe(3);
    expect(five.endsWith(':1')).toBe(true);
    expect(fiveAgain.endsWith(':2')).toBe(true);
  });

  it('gives two instances that saw the same messages the same keys', () => {
    const [a, b] = [claims(() => 0), claims(() => 0)];
    const payloads = ['x', 'y', 'x', 'x'];
    expect(payloads.map((p) => a.keyFor('ch', p))).toEqual(payloads.map((p) => b.keyFor('ch', p)));
  });

  it('starts counting again after the window', () => {
    let t = 0;
    const c = claims(() => t);
    const first = c.keyFor('ch', 'x');
    t = 5000;
    expect(c.keyFor('ch', 'x')).toBe(first);
  });
});

describe('channelInboxKey', () => {
  it('is the key parseChangeBatchQuantity gives a channel message with an id, read even from poison', () => {
    const key = parseChangeBatchQuantity(
      '{"batchref": "B-1", "qty": 5, "id": "m-1"}',
      PUBSUB_KEY_PREFIX,
    ).idempotencyKey;
    expect(channelInboxKey('{"batchref": "B-1", "qty": 5, "id": "m-1"}')).toBe(key);
    expect(channelInboxKey('{"batchref": "B-1", "qty": -4, "id": 42}')).toBe(`${PUBSUB_KEY_PREFIX}42`);
  });

  it('is null without a usable id, or for what is not a JSON object', () => {
    for (const payload of [
      '{"batchref": "B-1", "qty": 5}',
      '{"id": ""}',
      '{"id": 1.5}',
      '[1]',
      'not json',
      'null',
    ]) {
      expect(channelInboxKey(payload)).toBeNull();
    }
  });
});
