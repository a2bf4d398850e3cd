import type { ExternalPublisher, OutgoingMessage } from '@allocation/domain';
import type { Redis } from 'ioredis';

export interface RedisPublisherOptions {
  /**
   * Count a publish that no subscriber received as failed, so the relay keeps the message and
   * publishes it again later. Off by default (pub/sub to nobody is normal); turn it on when some
   * consumer is known to be always listening and must not miss a message while it reconnects.
   */
  readonly requireSubscribers?: boolean;
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
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisPublisherOptions = {},
  ) {}

  async publish(message: OutgoingMessage): Promise<void> {
    const receivers = await this.publishCounted(message);
    if (receivers === 0 && this.options.requireSubscribers) throw new NoSubscribers(message.channel);
  }

  /** Publishes and answers how many subscribers received the message. */
  async publishCounted(message: OutgoingMessage): Promise<number> {
    return this.redis.publish(message.channel, JSON.stringify(message.payload));
  }
}
