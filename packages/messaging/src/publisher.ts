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
  readonly now?: () => number;
}

export class NoSubscribers extends Error {
  override readonly name = 'NoSubscribers';
  constructor(readonly channel: string) {
    super(`No subscriber received the message on ${channel}`);
  }
}

/**
 * Publishes outgoing messages on Redis pub/sub, the payload as JSON on the message's channel.
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

  async publish(message: OutgoingMessage): Promise<void> {
    const receivers = await this.publishCounted(message);
    if (receivers > 0) return;
    if (this.options.requireSubscribers || this.#now() < this.#graceUntil)
      throw new NoSubscribers(message.channel);
  }

  /** Publishes and answers how many subscribers received the message. */
  async publishCounted(message: OutgoingMessage): Promise<number> {
    return this.redis.publish(message.channel, JSON.stringify(message.payload));
  }
}
