/**
 * Consumes the Redis stream `change_batch_quantity` (entries with one field `payload`, the same JSON
 * as the channel) in the consumer group `allocation`: the durable path, for systems that need no loss.
 *
 * - An entry becomes ChangeBatchQuantity with the idempotency key `stream:<stream>:<entry id>`: the
 *   unit of work records the key in the inbox with the change, so a redelivered entry changes nothing.
 * - It is acknowledged (XACK) only after the command's effect committed, or after it was kept as a
 *   dead letter. Anything else (the database away, a dead-letter write that failed, a crash) leaves it
 *   pending, and it is delivered again.
 * - Entries pending for `claimIdleMs` on any consumer (one that died, or this one after a failure) are
 *   taken over with XAUTOCLAIM, looked for every `claimEveryMs`: with the defaults (15 s, 5 s) an
 *   entry left by a dead worker is claimed within 20 s.
 * - Poison (too large, not JSON, wrong shape, no `payload` field, a command the domain refuses such
 *   as an unknown batch) becomes a dead letter on channel `stream:<stream>`, then is acknowledged.
 */
import {
  type ChangeBatchQuantity,
  type Clock,
  type DeadLetters,
  DomainError,
  describeError,
  type Logger,
} from '@allocation/domain';
import type { Redis } from 'ioredis';
import {
  type ChangeBatchQuantityBus,
  MessageRejected,
  parseChangeBatchQuantity,
  redisOrigin,
  rejectionReason,
  wasRepeated,
} from './consumer.ts';
import { setAside } from './dead-letters.ts';

export const CHANGE_BATCH_QUANTITY_STREAM = 'change_batch_quantity';
export const CONSUMER_GROUP = 'allocation';

export interface StreamConsumerOptions {
  /** A connection of its own: XREADGROUP blocks it while it waits. */
  readonly redis: Redis;
  readonly bus: ChangeBatchQuantityBus;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  readonly clock: Clock;
  /** This consumer's name in the group: unique per running instance. */
  readonly consumerName: string;
  readonly stream?: string;
  readonly group?: string;
  /** An entry pending this long on any consumer is taken over (ms). Default 15 000. */
  readonly claimIdleMs?: number;
  /** How often to look for such entries (ms). Default 5 000. */
  readonly claimEveryMs?: number;
  /** Longest wait of one read for new entries (ms). Default 2 000. */
  readonly blockMs?: number;
  /** Entries read or claimed at a time. Default 10. */
  readonly batchSize?: number;
}

export interface StreamConsumer {
  /** Resolves once the group exists (waits while Redis is away). */
  readonly ready: Promise<void>;
  /** Entries this instance acknowledged: applied, found already applied, or dead-lettered. */
  readonly acknowledged: number;
  /** Finishes the entry in hand and stops; what it read but did not finish stays pending for others. */
  stop(): Promise<void>;
}

type Entry = [id: string, fields: string[]];

/** `stream:<stream>:<id>`: the inbox key of a stream entry. */
export const streamEntryKey = (stream: string, id: string): string => `stream:${stream}:${id}`;

export function startStreamConsumer(options: StreamConsumerOptions): StreamConsumer {
  const { redis, bus, deadLetters, logger, clock, consumerName } = options;
  const stream = options.stream ?? CHANGE_BATCH_QUANTITY_STREAM;
  const group = options.group ?? CONSUMER_GROUP;
  const claimIdleMs = options.claimIdleMs ?? 15_000;
  const claimEveryMs = options.claimEveryMs ?? 5_000;
  const blockMs = options.blockMs ?? 2_000;
  const batchSize = options.batchSize ?? 10;
  const channel = `stream:${stream}`;
  let running = true;
  let acknowledged = 0;
  let lastClaim = Number.NEGATIVE_INFINITY;
  /** The entries being handled now, if any: stop() lets them finish (and be acknowledged). */
  let inHand: Promise<void> | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  async function ensureGroup(): Promise<void> {
    try {
      // From the start of the stream: entries added before any worker ever ran are handled too.
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
      logger.info('Created the consumer group', { stream, group });
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  /** Handles one entry; true if it may be acknowledged. */
  async function apply(id: string, fields: readonly string[]): Promise<boolean> {
    const at = fields.indexOf('payload');
    const payload = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
    let command: ChangeBatchQuantity;
    try {
      if (payload === undefined)
        throw new MessageRejected('Wrong shape: the stream entry has no field "payload"');
      command = {
        ...parseChangeBatchQuantity(payload),
        idempotencyKey: streamEntryKey(stream, id),
      };
    } catch (error) {
      return setAside(
        { deadLetters, logger, clock },
        {
          channel,
          payload: payload ?? JSON.stringify(fields),
          error: `Entry ${id}: ${rejectionReason(error)}`,
          inboxKey: streamEntryKey(stream, id),
        },
      );
    }
    try {
      const result = await bus.handle(command, redisOrigin(id));
      logger.info(
        wasRepeated(result)
          ? 'Stream entry handled before; nothing changed'
          : 'Batch quantity changed from a stream entry',
        { stream, id, ref: command.ref, qty: command.qty },
      );
      return true;
    } catch (error) {
      // The domain refused it: it would be refused every time, so it is poison.
      if (error instanceof DomainError) {
        return setAside(
          { deadLetters, logger, clock },
          {
            channel,
            payload: payload ?? '',
            error: `Entry ${id}: ${rejectionReason(error)}`,
            inboxKey: command.idempotencyKey ?? null,
          },
        );
      }
      logger.warn('A stream entry could not be handled now; it stays pending and is delivered again', {
        stream,
        id,
        error: describeError(error),
      });
      return false;
    }
  }

  async function handleAll(entries: readonly Entry[]): Promise<void> {
    const handling = handleEach(entries);
    inHand = handling;
    try {
      await handling;
    } finally {
      inHand = undefined;
    }
  }

  async function handleEach(entries: readonly Entry[]): Promise<void> {
    for (const [id, fields] of entries) {
      if (!running) return;
      if (await apply(id, fields)) {
        await redis.xack(stream, group, id);
        acknowledged++;
      }
    }
  }

  async function claimAbandoned(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await redis.xautoclaim(
        stream,
        group,
        consumerName,
        claimIdleMs,
        cursor,
        'COUNT',
        batchSize,
      )) as [string, Entry[], string[]?];
      const live = entries.filter((entry): entry is Entry => Array.isArray(entry) && entry[1] !== null);
      if (live.length > 0) logger.info('Claimed pending stream entries', { stream, count: live.length });
      await handleAll(live);
      cursor = next;
    } while (running && cursor !== '0-0');
  }

  async function readNew(): Promise<void> {
    const reply = (await redis.xreadgroup(
      'GROUP',
      group,
      consumerName,
      'COUNT',
      batchSize,
      'BLOCK',
      blockMs,
      'STREAMS',
      stream,
      '>',
    )) as [string, Entry[]][] | null;
    for (const [, entries] of reply ?? []) await handleAll(entries);
  }

  async function loop(): Promise<void> {
    let failures = 0;
    let grouped = false;
    while (running) {
      try {
        if (!grouped) {
          await ensureGroup();
          grouped = true;
          markReady();
          logger.info('Consuming Redis stream', { stream, group, consumer: consumerName });
        }
        const now = Date.now();
        if (now - lastClaim >= claimEveryMs) {
          lastClaim = now;
          await claimAbandoned();
        }
        await readNew();
        failures = 0;
      } catch (error) {
        if (!running) break;
        failures++;
        // The group vanishes if someone deletes the stream: create it again.
        if (error instanceof Error && error.message.startsWith('NOGROUP')) grouped = false;
        if (failures === 1 || failures % 10 === 0) {
          logger.warn('Stream consumer failed; retrying', { stream, failures, error: describeError(error) });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** failures)));
      }
    }
  }

  const done = loop();
  return {
    ready,
    get acknowledged() {
      return acknowledged;
    },
    async stop() {
      running = false;
      await inHand?.catch(() => {});
      // Ends a blocked read at once; the loop sees `running` false and returns.
      redis.disconnect();
      await done;
    },
  };
}
