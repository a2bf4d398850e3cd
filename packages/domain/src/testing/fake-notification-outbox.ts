import {
  type ClaimedNotification,
  type DeliveryChannel,
  type Mail,
  type Mailer,
  type NotificationEmail,
  type NotificationOutbox,
  notificationState,
  outOfStockMessage,
} from '../service-layer/notifications.ts';
import type { Clock } from '../service-layer/ports.ts';
import type { Page, PageRequest } from '../service-layer/views.ts';
import type { FakeUnitOfWorkFactory, StoredNotification } from './fake-unit-of-work.ts';

/** The dispatchers' side of the fake unit of work's notification outbox, and its view. */
export class FakeNotificationOutbox implements NotificationOutbox {
  constructor(
    private readonly uow: FakeUnitOfWorkFactory,
    private readonly clock: Clock = uow.clock,
  ) {}

  async claim(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    const now = this.clock.now();
    const due = this.uow.notifications
      .filter(
        (n) =>
          !n.sentAt &&
          n.dueAt <= now &&
          (!n.nextAttemptAt || n.nextAttemptAt <= now) &&
          (!n.claimedUntil || n.claimedUntil <= now),
      )
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit);
    for (const n of due) n.claimedUntil = new Date(now.getTime() + leaseMs);
    return due.map(({ id, sku, destination, orders, attempts }) => ({
      id,
      sku,
      destination,
      orders: [...orders],
      attempts,
    }));
  }

  async markSent(id: string, via: DeliveryChannel): Promise<void> {
    const n = this.#find(id);
    if (n.sentAt) return;
    n.sentAt = this.clock.now();
    n.via = via;
    n.claimedUntil = null;
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    const n = this.#find(id);
    if (n.sentAt) return;
    n.attempts++;
    n.lastError = error;
    n.nextAttemptAt = retryAt;
    n.claimedUntil = null;
  }

  /** The Notifications view: newest first. */
  async notifications({ page, pageSize }: PageRequest): Promise<Page<NotificationEmail>> {
    const sorted = [...this.uow.notifications].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || Number(b.id) - Number(a.id),
    );
    const start = (page - 1) * pageSize;
    return {
      items: sorted.slice(start, start + pageSize).map(toEmail),
      total: sorted.length,
      page,
      pageSize,
    };
  }

  #find(id: string): StoredNotification {
    const found = this.uow.notifications.find((n) => n.id === id);
    if (!found) throw new Error(`No notification ${id}`);
    return found;
  }
}

function toEmail(n: StoredNotification): NotificationEmail {
  return {
    id: n.id,
    sku: n.sku,
    destination: n.destination,
    message: outOfStockMessage(n.sku, n.orders),
    state: notificationState(n),
    createdAt: n.createdAt,
    dueAt: n.dueAt,
    sentAt: n.sentAt,
    attempts: n.attempts,
    lastError: n.sentAt ? null : n.lastError,
    nextAttemptAt: n.sentAt ? null : n.nextAttemptAt,
  };
}

/** A mailer that keeps what it was given, or fails while `failWith` is set. */
export class FakeMailer implements Mailer {
  readonly via = 'smtp' as const;
  readonly delivered: Mail[] = [];
  failWith: Error | undefined;

  async deliver(mail: Mail): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.delivered.push(mail);
  }
}
