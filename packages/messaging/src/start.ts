/**
 * Everything a worker runs when `REDIS_URL` is set: the outbox relay (to the channel and the stream
 * `line_allocated`), the `change_batch_quantity` channel consumer and the `change_batch_quantity`
 * stream consumer, each on its own Redis connection. Several instances may run.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, DeadLetters, Logger, Outbox } from '@allocation/domain';
import { type ChangeBatchQuantityBus, startChangeBatchQuantityConsumer } from './consumer.ts';
import { DeliveryClaims } from './dedupe.ts';
import { RedisPublisher } from './publisher.ts';
import { closeRedis, connectRedis, redactUrl } from './redis.ts';
import { startOutboxRelay } from './relay.ts';
import { type StreamConsumer, type StreamConsumerOptions, startStreamConsumer } from './stream-consumer.ts';

export interface MessagingOptions {
  /** `redis://[:password@]host[:port][/db]` */
  readonly redisUrl: string;
  readonly bus: ChangeBatchQuantityBus;
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  /** Outbox relay tuning, or false to run no relay. */
  readonly relay?: false | RelayTuning;
  /** Consumer tuning, or false to consume nothing. `claimWindowMs`: see DeliveryClaims. */
  readonly consumer?: false | { readonly claimWindowMs?: number };
  /** Stream consumer tuning (see StreamConsumerOptions), or false to read no stream. */
  readonly streamConsumer?:
    | false
    | Partial<Pick<StreamConsumerOptions, 'stream' | 'group' | 'claimIdleMs' | 'claimEveryMs' | 'blockMs'>>;
  /** Names this instance in claims and connection names. Default: host, pid and a random suffix. */
  readonly instanceId?: string;
  /** The service's clock: dates dead letters and the outbox's pruning cut-off. */
  readonly clock: Clock;
}

export interface RelayTuning {
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly maxBackoffMs?: number;
  /** See RedisPublisherOptions. Default false. */
  readonly requireSubscribers?: boolean;
  /** See RedisPublisherOptions. Default 10 s. */
  readonly reconnectGraceMs?: number;
  /** About how many entries the stream `line_allocated` keeps (MAXLEN ~). Default 100 000. */
  readonly streamMaxLength?: number;
}

export interface Messaging {
  /** Resolves once Redis has answered and the consumer (if any) is subscribed; waits while Redis is away. */
  readonly ready: Promise<void>;
  /** Stops consuming (finishing the messages already taken), stops the relay, closes the connections. */
  stop(): Promise<void>;
}

export async function startMessaging(options: MessagingOptions): Promise<Messaging> {
  const { redisUrl, bus, outbox, deadLetters, logger, clock } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  logger.info('Starting messaging', { redis: redactUrl(redisUrl), instanceId });

  // Commands (publish, claims) fail at once while Redis is away instead of queueing: the relay
  // keeps its messages and retries; an unanswered claim means "handle it anyway".
  const commands = connectRedis(redisUrl, {
    name: `allocation-worker-commands:${instanceId}`,
    logger,
    redisOptions: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5000 },
  });

  // Relay and consumer start once Redis has answered: a worker started before Redis does not begin
  // with a string of failed publishes, and no message arrives before its claim can be made. From
  // then on the relay backs off while Redis is away and ioredis renews the subscription.
  let relay: ReturnType<typeof startOutboxRelay> | undefined;
  let consumer: ReturnType<typeof startChangeBatchQuantityConsumer> | undefined;
  let subscriber: ReturnType<typeof connectRedis> | undefined;
  let streamConsumer: StreamConsumer | undefined;
  let reader: ReturnType<typeof connectRedis> | undefined;
  let stopped = false;
  let markStopped: () => void = () => {};
  const stoppedSignal = new Promise<void>((resolve) => {
    markStopped = resolve;
  });

  const start = async (): Promise<void> => {
    if (stopped) return;
    const relayOptions = options.relay;
    if (relayOptions !== false) {
      const { requireSubscribers = false, reconnectGraceMs, streamMaxLength, ...tuning } = relayOptions ?? {};
      const publisher = new RedisPublisher(commands, {
        requireSubscribers,
        ...(reconnectGraceMs === undefined ? {} : { reconnectGraceMs }),
        ...(streamMaxLength === undefined ? {} : { streamMaxLength }),
      });
      relay = startOutboxRelay({ outbox, publisher, logger, clock, ...tuning });
    }
    if (options.consumer !== false) {
      subscriber = connectRedis(redisUrl, {
        name: `allocation-worker-subscriber:${instanceId}`,
        logger,
        // The subscription waits for Redis however long it is away.
        redisOptions: { maxRetriesPerRequest: null },
      });
      consumer = startChangeBatchQuantityConsumer({
        subscriber,
        bus,
        deadLetters,
        logger,
        claims: new DeliveryClaims({
          redis: commands,
          instanceId,
          ...(options.consumer?.claimWindowMs ? { windowMs: options.consumer.claimWindowMs } : {}),
        }),
        clock,
      });
    }
    if (options.streamConsumer !== false) {
      reader = connectRedis(redisUrl, { name: `allocation-worker-stream:${instanceId}`, logger });
      streamConsumer = startStreamConsumer({
        redis: reader,
        bus,
        deadLetters,
        logger,
        clock,
        consumerName: instanceId,
        ...options.streamConsumer,
      });
      await Promise.race([streamConsumer.ready, stoppedSignal]);
    }
    if (consumer) {
      // A subscription cut short by stop() is no failure.
      await consumer.ready.catch((error: unknown) => {
        if (!stopped) throw error;
      });
    }
  };

  const ready = new Promise<void>((resolve) => {
    if (commands.status === 'ready') resolve();
    else commands.once('ready', () => resolve());
  }).then(start);
  // Callers that never wait for `ready` must not get an unhandled rejection (the consumer logs it).
  ready.catch(() => {});

  let stopping: Promise<void> | undefined;
  return {
    ready,
    stop() {
      stopping ??= (async () => {
        logger.info('Stopping messaging', { instanceId });
        stopped = true;
        markStopped();
        await streamConsumer?.stop();
        await consumer?.stop();
        await relay?.stop();
        if (subscriber) await closeRedis(subscriber);
        if (reader) await closeRedis(reader);
        await closeRedis(commands);
        logger.info('Messaging stopped', { instanceId });
      })();
      return stopping;
    },
  };
}
