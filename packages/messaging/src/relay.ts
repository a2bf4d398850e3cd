/**
 * The relay side of the transactional outbox: polls the outbox and publishes what it holds.
 * A message is marked sent only after its publish succeeded (the Outbox port guarantees that), so
 * a Redis outage or a crash can repeat a message but never lose one. Several relays may run at
 * once: the outbox hands each message to one of them.
 */
import {
  type Clock,
  describeError,
  type ExternalPublisher,
  type Logger,
  type Outbox,
  type StoredMessage,
} from '@allocation/domain';

export interface OutboxRelayOptions {
  readonly outbox: Outbox;
  readonly publisher: ExternalPublisher;
  readonly logger: Logger;
  /** Pause between polls when the outbox is empty (ms). Default 100: messages are out well within a second. */
  readonly intervalMs?: number;
  /** Messages claimed per poll. Default 100. */
  readonly batchSize?: number;
  /** First wait after a failure (ms), doubled on each further failure up to `maxBackoffMs`. Default 200. */
  readonly minBackoffMs?: number;
  /** Default 5000. */
  readonly maxBackoffMs?: number;
  /** Sent messages are deleted once they are this old (ms). Default 7 days. */
  readonly retentionMs?: number;
  /** How often to delete them (ms). Default 1 hour, the first time at start, also while Redis is away. */
  readonly pruneEveryMs?: number;
  /** The service's clock: the retention's cut-off is measured on it, and so is when pruning is due. */
  readonly clock: Clock;
  /**
   * The longest a batch's publishing may take (ms) before it counts as failed and the messages are
   * given back to the outbox. Default 5000: a broker that stopped answering stalls no relay for long
   * (and never the database: the outbox holds no transaction while `send` runs).
   */
  readonly publishTimeoutMs?: number;
}

export class PublishTimedOut extends Error {
  override readonly name = 'PublishTimedOut';
  constructor(readonly timeoutMs: number) {
    super(`The broker did not confirm the publish within ${timeoutMs} ms`);
  }
}

export interface OutboxRelay {
  /** Messages published since the relay started. */
  readonly published: number;
  /** Finishes the batch in flight (if any) and stops. */
  stop(): Promise<void>;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { outbox, publisher, logger } = options;
  const intervalMs = options.intervalMs ?? 100;
  const batchSize = options.batchSize ?? 100;
  const minBackoffMs = options.minBackoffMs ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  const pruneEveryMs = options.pruneEveryMs ?? 3_600_000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
  const { clock } = options;
  let lastPrune = Number.NEGATIVE_INFINITY;

  // Housekeeping, never in the way of publishing: a failure is logged and tried again next time.
  const pruneIfDue = async () => {
    const at = clock.now().getTime();
    if (at - lastPrune < pruneEveryMs) return;
    lastPrune = at;
    try {
      // In slices, so no single statement holds locks for long; as many as an hour's backlog needs.
      let deleted = 0;
      for (let slice = 0; slice < 100 && running; slice++) {
        const count = await outbox.prune(new Date(at - retentionMs), 10_000);
        deleted += count;
        if (count < 10_000) break;
      }
      if (deleted > 0) logger.info('Outbox relay deleted old sent messages', { deleted, retentionMs });
    } catch (error) {
      logger.warn('Outbox relay could not delete old sent messages', {
        error: describeError(error),
      });
    }
  };

  let running = true;
  let published = 0;
  let failures = 0;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const send = async (messages: readonly StoredMessage[]) => {
    // One connection keeps the order of the publishes; waiting for all keeps "sent" honest.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishTimedOut(publishTimeoutMs)), publishTimeoutMs);
    });
    try {
      await Promise.race([Promise.all(messages.map((message) => publisher.publish(message))), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  async function loop(): Promise<void> {
    logger.info('Outbox relay started', { intervalMs, batchSize });
    while (running) {
      await pruneIfDue();
      let sent = 0;
      try {
        sent = await outbox.relay(batchSize, send);
        published += sent;
        if (failures > 0) logger.info('Outbox relay recovered', { afterFailures: failures });
        failures = 0;
      } catch (error) {
        failures++;
        const delay = Math.min(maxBackoffMs, minBackoffMs * 2 ** (failures - 1));
        const jittered = Math.round(delay / 2 + Math.random() * (delay / 2));
        if (failures === 1 || failures % 10 === 0) {
          logger.warn('Outbox relay could not publish; the messages stay in the outbox', {
            failures,
            retryInMs: jittered,
            error: describeError(error),
          });
        }
        if (running) await sleep(jittered);
        continue;
      }
      // A full batch means more may be waiting: go again at once.
      if (running && sent < batchSize) await sleep(intervalMs);
    }
    logger.info('Outbox relay stopped', { published });
  }

  const done = loop();
  return {
    get published() {
      return published;
    },
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
