/**
 * The notification dispatcher: polls the notification outbox and delivers what is due (see
 * `deliverDueNotifications`: one claimed notification at a time, marked sent or failed before the
 * next). Several may run at once, in several processes: leases keep each notification to one.
 */
import {
  type Clock,
  type DeliveryOptions,
  deliverDueNotifications,
  describeError,
  type Logger,
  type Mailer,
  type NotificationOutbox,
} from '@allocation/domain';

export interface DispatcherOptions {
  readonly outbox: NotificationOutbox;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly messageIdDomain: string;
  /** Pause between polls (ms). Default 1000. */
  readonly intervalMs?: number;
  /** Default 120 s; must outlast the mailer's longest delivery. */
  readonly leaseMs?: number;
  /** First retry of a failed delivery after this (ms), doubling, up to `maxBackoffMs`. Default 5 s. */
  readonly backoffMs?: number;
  /** Default 15 minutes. */
  readonly maxBackoffMs?: number;
}

export interface Dispatcher {
  /** Notifications delivered since it started. */
  readonly delivered: number;
  /** Finishes the delivery in flight (if any) and stops. */
  stop(): Promise<void>;
}

export function startNotificationDispatcher(options: DispatcherOptions): Dispatcher {
  const { logger } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const pass: DeliveryOptions = {
    outbox: options.outbox,
    mailer: options.mailer,
    clock: options.clock,
    logger,
    messageIdDomain: options.messageIdDomain,
    leaseMs: options.leaseMs ?? 120_000,
    backoffMs: options.backoffMs ?? 5_000,
    maxBackoffMs: options.maxBackoffMs ?? 900_000,
    limit: 50,
  };
  let running = true;
  let delivered = 0;
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

  async function loop(): Promise<void> {
    logger.info('Notification dispatcher started', { via: options.mailer.via, intervalMs });
    while (running) {
      let full = false;
      try {
        const { sent, failed } = await deliverDueNotifications(pass);
        delivered += sent;
        full = sent + failed === pass.limit;
        failures = 0;
      } catch (error) {
        // The outbox itself (the database) failed: wait longer each time, up to 30 s.
        failures++;
        if (failures === 1 || failures % 10 === 0) {
          logger.warn('Notification dispatcher could not reach the outbox', {
            failures,
            error: describeError(error),
          });
        }
        if (running) await sleep(Math.min(30_000, intervalMs * 2 ** failures));
        continue;
      }
      if (running && !full) await sleep(intervalMs);
    }
    logger.info('Notification dispatcher stopped', { delivered });
  }

  const done = loop();
  return {
    get delivered() {
      return delivered;
    },
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
