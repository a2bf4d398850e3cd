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
import type { Clock, Logger } from './ports.ts';

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
  await outbox.markSent(notification.id, mailer.via);
  logger.info('Notification delivered', { id: notification.id, via: mailer.via, messageId: mail.messageId });
  return true;
}

/** Exponential backoff: backoffMs after the first failure, doubling, capped. */
export function retryDelay(failures: number, options: Pick<DeliveryOptions, 'backoffMs' | 'maxBackoffMs'>) {
  return Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, failures - 1));
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
