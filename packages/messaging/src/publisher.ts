import type { ExternalPublisher, OutgoingMessage } from '@allocation/domain';
import type { Redis } from 'ioredis';

export interface RedisPublisherOptions {
  /**
   * Always count a publish that no subscriber received as failed, so the relay keeps the message and
   * publishes it again later. Off by default (pub/sub to nobody is normal); turn it on when some
   * consumer is known to be always listening and must not miss a message while it reconnects.
   */
  readonly requireSubscribers?: boolean;
  /**
   * For this long after the connection becomes ready (at start and after every reconnect), a publish
   * that no subscriber received counts as failed. Other systems' subscriptions come back on their own
   * after a Redis restart, a little after ours: what the relay publishes in between would reach nobody
   * and be lost. After the window, nobody listening means nobody wants it. Default 10 s; 0 turns it off.
   */
  readonly reconnectGraceMs?: number;
  /**
   * A message that has an id (an outbox message) is also appended to the stream named like its
   * channel, trimmed to about this many entries (`MAXLEN ~`). Default 100 000; 0: no stream.
   */
  readonly streamMaxLength?: number;
  readonly now?: () => number;
}

export const DEFAULT_STREAM_MAX_LENGTH = 100_000;

/** An outgoing message; one from the outbox carries the outbox's id, which other systems see. */
export type IdentifiedMessage = OutgoingMessage & { readonly id?: string };

export class NoSubscribers extends Error {
  override readonly name = 'NoSubscribers';
  constructor(readonly channel: string) {
    super(`No subscriber received the message on ${channel}`);
  }
}

/**
 * Publishes outgoing messages on Redis pub/sub, the payload as JSON on the message's channel, with
 * the message's `id` added when it has one; and appends it to the stream of the same name (fields
 * `payload`, the JSON without the id, and `id`), in one MULTI so both happen or neither. A message
 * the relay sends again (after a failure) repeats with the same id: subscribers drop it by id.
 * Give it a connection made with `enableOfflineQueue: false`, so a publish while Redis is away
 * fails at once (and the relay keeps the message) instead of waiting in a queue.
 */
export class RedisPublisher implements ExternalPublisher {
  readonly #now: () => number;
  readonly #graceMs: number;
  #graceUntil: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisPublisherOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#graceMs = options.reconnectGraceMs ?? 10_000;
    this.#graceUntil = this.#now() + this.#graceMs;
    redis.on('ready', () => {
      this.#graceUntil = this.#now() + this.#graceMs;
    });
  }

  async publish(message: IdentifiedMessage): Promise<void> {
    const receivers = await this.publishCounted(message);
    if (receivers > 0) return;
    if (this.options.requireSubscribers || this.#now() < this.#graceUntil)
      throw new NoSubscribers(message.channel);
  }

  /** Publishes and answers how many subscribers received the message. */
  async publishCounted(message: IdentifiedMessage): Promise<number> {
    const payload = JSON.stringify(message.payload);
    const maxLength = this.options.streamMaxLength ?? DEFAULT_STREAM_MAX_LENGTH;
    if (message.id === undefined) return this.redis.publish(message.channel, payload);
    const announced = JSON.stringify({ ...message.payload, id: message.id });
    if (maxLength === 0) return this.redis.publish(message.channel, announced);
    const replies = await this.redis
      .multi()
      .xadd(message.channel, 'MAXLEN', '~', String(maxLength), '*', 'payload', payload, 'id', message.id)
      .publish(message.channel, announced)
      .exec();
    if (!replies) throw new Error(`Redis discarded the publication on ${message.channel}`);
    for (const [error] of replies) if (error) throw error;
    return Number(replies[1]?.[1] ?? 0);
  }
}
