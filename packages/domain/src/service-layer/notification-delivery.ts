/**
 * One dispatcher pass over the notification outbox: claim one due notification at a time, deliver
 * it, mark it sent (or failed, with the next try backed off) before claiming the next. A delivery
 * whose result was not recorded (the process died) is tried again once its lease runs out, with the
 * same Message-ID: at least once, and a receiving server can keep it to once.
 */
import { describeError } from './error-data.ts';
import {
  type ClaimedNotification,
  type Mailer,
  messageIdFor,
  type NotificationOutbox,
  outOfStockMessage,
} from './notifications.ts';
import { type Clock, type Logger, StoreUnavailable } from './ports.ts';
import { defaultRetryPolicy } from './retry.ts';

export interface DeliveryOptions {
  readonly outbox: NotificationOutbox;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The domain part of Message-IDs (the sender's). */
  readonly messageIdDomain: string;
  /** Longer than the mailer's longest wait, so a live dispatcher never loses its lease. */
  readonly leaseMs: number;
  /** The wait after the first failure; doubled after each further one, up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** At most this many deliveries per pass. */
  readonly limit: number;
  /** How a pass waits before trying to mark a delivery sent again (tests pass one that advances a fake clock). */
  readonly wait?: (ms: number) => Promise<void>;
}

export interface DeliveryPass {
  readonly sent: number;
  readonly failed: number;
}

export async function deliverDueNotifications(options: DeliveryOptions): Promise<DeliveryPass> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < options.limit; i++) {
    const [notification] = await options.outbox.claim(1, options.leaseMs);
    if (!notification) break;
    if (await deliverOne(notification, options)) sent++;
    else failed++;
  }
  return { sent, failed };
}

async function deliverOne(notification: ClaimedNotification, options: DeliveryOptions): Promise<boolean> {
  const { outbox, mailer, clock, logger } = options;
  const mail = {
    messageId: messageIdFor(notification.id, options.messageIdDomain),
    to: notification.destination,
    text: outOfStockMessage(notification.sku, notification.orders),
  };
  try {
    await mailer.deliver(mail);
  } catch (error) {
    const delay = retryDelay(notification.attempts + 1, options);
    const retryAt = new Date(clock.now().getTime() + delay);
    logger.warn('Notification not delivered; will retry', {
      id: notification.id,
      attempts: notification.attempts + 1,
      retryAt: retryAt.toISOString(),
      error: describeError(error),
    });
    await outbox.markFailed(notification.id, errorText(error), retryAt);
    return false;
  }
  await markSent(notification.id, mailer.via, options);
  logger.info('Notification delivered', { id: notification.id, via: mailer.via, messageId: mail.messageId });
  return true;
}

/**
 * Marks a mailed notification sent, waiting out a database outage rather than leaving it to its lease:
 * a lease that ran out would hand it to another pass, which would mail it again. It keeps trying while
 * the store is unavailable for at most half the lease (a delivery takes at most the other half), so no
 * other dispatcher can have claimed it meanwhile; past that, the error goes up as before.
 */
async function markSent(id: string, via: Mailer['via'], options: DeliveryOptions): Promise<void> {
  const { outbox, clock, logger } = options;
  const wait = options.wait ?? defaultRetryPolicy.sleep;
  const giveUpAt = clock.now().getTime() + options.leaseMs / 2;
  for (let delay = 200, attempt = 1; ; delay = Math.min(delay * 2, 5_000), attempt++) {
    try {
      await outbox.markSent(id, via);
      return;
    } catch (error) {
      if (!(error instanceof StoreUnavailable) || clock.now().getTime() + delay > giveUpAt) throw error;
      if (attempt === 1) {
        logger.warn('Notification mailed, but the database is away: marking it sent when it is back', { id });
      }
      await wait(delay);
    }
  }
}

/** Exponential backoff: backoffMs after the first failure, doubling, capped. */
export function retryDelay(failures: number, options: Pick<DeliveryOptions, 'backoffMs' | 'maxBackoffMs'>) {
  return Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, failures - 1));
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
