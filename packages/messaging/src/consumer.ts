/**
 * Consumes the `change_batch_quantity` channel (an outside contract):
 * `{"batchref": "B-1", "qty": 5}` becomes `ChangeBatchQuantity({ ref: "B-1", qty: 5 })` on the bus.
 * A message that is not JSON, has the wrong shape, or whose command fails is logged and kept aside
 * as a dead letter with its error; the consumer goes on with the next one. Messages are handled one
 * at a time in the order they arrive, so successive changes to a batch apply in order.
 */
import { changeBatchQuantityMessage } from '@allocation/contracts';
import {
  ChangeBatchQuantity,
  type ChangeBatchQuantity as ChangeBatchQuantityCommand,
  type Clock,
  type CommandOrigin,
  type DeadLetters,
  type Logger,
  serviceOrigin,
} from '@allocation/domain';
import type { Redis } from 'ioredis';
import { MAX_MESSAGE_BYTES, setAside } from './dead-letters.ts';
import type { ClaimOutcome, DeliveryClaims } from './dedupe.ts';

export const CHANGE_BATCH_QUANTITY_CHANNEL = 'change_batch_quantity';
/** Inbox keys of channel messages that carry an `id`. */
export const PUBSUB_KEY_PREFIX = 'channel:change_batch_quantity:';
/** Who the audit trail says changed a batch's quantity from a Redis message (channel or stream). */
export const REDIS_CONSUMER_ACTOR = 'redis:change_batch_quantity';

/** The origin of a command from a Redis message; `requestId` names the message (its id, a stream entry's id). */
export function redisOrigin(requestId: string | null): CommandOrigin {
  return serviceOrigin(REDIS_CONSUMER_ACTOR, requestId);
}

/** What the consumer needs of the message bus. */
export interface ChangeBatchQuantityBus {
  handle(command: ChangeBatchQuantityCommand, origin: CommandOrigin): Promise<unknown>;
}

/** Why a message was set aside: becomes the dead letter's error. */
export class MessageRejected extends Error {
  override readonly name = 'MessageRejected';
}

/** Whether the bus found the command's idempotency key already handled (see BatchQuantityChange). */
export function wasRepeated(result: unknown): boolean {
  return (
    typeof result === 'object' && result !== null && (result as { repeated?: unknown }).repeated === true
  );
}

/** What a dead letter says about the failure of a message. */
export function rejectionReason(error: unknown): string {
  return error instanceof MessageRejected
    ? error.message
    : `ChangeBatchQuantity failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/**
 * The command a message asks for, or `MessageRejected` saying what is wrong with it. A message that
 * carries an `id` (a string or a whole number; other keys are ignored) gets it, under `keyPrefix`, as
 * the command's idempotency key: a repeat of that id changes nothing.
 */
/**
 * The inbox key a channel message's `id` gives it (as `parseChangeBatchQuantity` does), read from a
 * payload that may be poison: null when it is not a JSON object with a usable `id`.
 */
export function channelInboxKey(payload: string): string | null {
  if (Buffer.byteLength(payload, 'utf8') > MAX_MESSAGE_BYTES) return null;
  try {
    const data: unknown = JSON.parse(payload);
    const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
    return (typeof id === 'string' && id !== '') || Number.isSafeInteger(id)
      ? `${PUBSUB_KEY_PREFIX}${String(id)}`
      : null;
  } catch {
    return null;
  }
}

export function parseChangeBatchQuantity(payload: string, keyPrefix?: string): ChangeBatchQuantityCommand {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new MessageRejected(`Too large: ${bytes} bytes, at most ${MAX_MESSAGE_BYTES}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch (error) {
    throw new MessageRejected(`Malformed JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new MessageRejected(
      `Wrong shape: expected a JSON object {"batchref": string, "qty": number}, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}`,
    );
  }
  const parsed = changeBatchQuantityMessage.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new MessageRejected(`Wrong shape: ${problems.join('; ')}`);
  }
  const id = (data as { id?: unknown }).id;
  const key =
    keyPrefix !== undefined && ((typeof id === 'string' && id !== '') || Number.isSafeInteger(id))
      ? `${keyPrefix}${String(id)}`
      : undefined;
  return ChangeBatchQuantity({
    ref: parsed.data.batchref,
    qty: parsed.data.qty,
    ...(key === undefined ? {} : { idempotencyKey: key }),
  });
}

export interface ChangeBatchQuantityConsumerOptions {
  /** A connection of its own: once subscribed, a Redis connection can do nothing else. */
  readonly subscriber: Redis;
  readonly bus: ChangeBatchQuantityBus;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  /** When several instances consume the same channel; without it every delivery is handled. */
  readonly claims?: DeliveryClaims;
  /** The service's clock: dates the dead letters. */
  readonly clock: Clock;
}

export interface Consumer {
  /** Resolves once subscribed (waits for Redis if it is away). */
  readonly ready: Promise<void>;
  /** Messages this instance handled (successfully or into a dead letter). */
  readonly handled: number;
  /** Stops taking messages, finishes those already claimed, and unsubscribes. */
  stop(): Promise<void>;
}

export function startChangeBatchQuantityConsumer(options: ChangeBatchQuantityConsumerOptions): Consumer {
  const { subscriber, bus, deadLetters, logger, claims, clock } = options;
  let running = true;
  let handled = 0;
  let queue: Promise<void> = Promise.resolve();

  async function handle(channel: string, payload: string, claim: Promise<ClaimOutcome>): Promise<void> {
    const outcome = await claim;
    if (outcome === 'taken') return;
    if (outcome === 'unknown') {
      logger.warn('Could not claim a message (Redis did not answer); handling it anyway', { channel });
    }
    handled++;
    try {
      const command = parseChangeBatchQuantity(payload, PUBSUB_KEY_PREFIX);
      const key = command.idempotencyKey;
      const result = await bus.handle(
        command,
        redisOrigin(key === undefined ? null : key.slice(PUBSUB_KEY_PREFIX.length)),
      );
      if (wasRepeated(result)) {
        logger.info('Message handled before (same id); nothing changed', {
          ref: command.ref,
          qty: command.qty,
        });
      } else {
        logger.info('Batch quantity changed from a message', { ref: command.ref, qty: command.qty });
      }
    } catch (error) {
      await setAside(
        { deadLetters, logger, clock },
        { channel, payload, error: rejectionReason(error), inboxKey: channelInboxKey(payload) },
      );
    }
  }

  function onMessage(channel: string, payload: string): void {
    if (channel !== CHANGE_BATCH_QUANTITY_CHANNEL || !running) return;
    // Claim at once, in arrival order; handle in arrival order.
    const claim: Promise<ClaimOutcome> = claims
      ? claims.claim(claims.keyFor(channel, payload))
      : Promise.resolve('mine');
    queue = queue.then(() => handle(channel, payload, claim));
  }

  subscriber.on('message', onMessage);
  const ready = subscriber.subscribe(CHANGE_BATCH_QUANTITY_CHANNEL).then(() => {
    logger.info('Consuming Redis channel', { channel: CHANGE_BATCH_QUANTITY_CHANNEL });
  });
  // A subscription that fails is retried by ioredis on reconnect; do not crash on it.
  ready.catch((error: unknown) => {
    logger.error('Could not subscribe', {
      channel: CHANGE_BATCH_QUANTITY_CHANNEL,
      error: error instanceof Error ? error.message : String(error),
    });
  });

  return {
    ready,
    get handled() {
      return handled;
    },
    async stop() {
      running = false;
      if (subscriber.status === 'ready') {
        await subscriber.unsubscribe(CHANGE_BATCH_QUANTITY_CHANNEL).catch(() => {});
      }
      subscriber.off('message', onMessage);
      await queue;
    },
  };
}
