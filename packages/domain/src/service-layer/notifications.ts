/**
 * Out-of-stock emails to the stock team, as messages rather than calls: a unit of work that commits
 * an OutOfStock also stores the email it calls for (the notification outbox), and a dispatcher
 * delivers stored emails later (see notification-delivery.ts). The rules of what is sent when live here.
 */
import type { DomainEvent } from '../model/events.ts';

/** The stock team hears of a sku's first out-of-stock at once, then at most once per `windowMs`. */
export interface NotificationPolicy {
  readonly destination: string;
  readonly windowMs: number;
}

export const DEFAULT_STOCK_TEAM_ADDRESS = 'stock@made.com';
export const DEFAULT_NOTIFY_WINDOW_MS = 900_000;
export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  destination: DEFAULT_STOCK_TEAM_ADDRESS,
  windowMs: DEFAULT_NOTIFY_WINDOW_MS,
};

/** One order that ran out, as an email lists it. */
export interface OutOfStockOrder {
  readonly orderid: string;
  readonly qty: number;
  readonly at: Date;
}

/** What a committing unit of work needs to know of the newest email of a sku. */
export interface LatestNotification {
  readonly id: string;
  readonly dueAt: Date;
  /** Never claimed by a dispatcher: orders may still join it. */
  readonly open: boolean;
}

export type NotificationPlan =
  | { readonly kind: 'join'; readonly id: string }
  | { readonly kind: 'create'; readonly dueAt: Date };

/**
 * The window rule, in one place: an order joins the sku's email that no dispatcher has taken yet;
 * otherwise a new email is due at once if the sku's last one was due a window ago or more (or there
 * was none), else one window after it: a digest of every order that ran out meanwhile.
 */
export function planNotification(
  latest: LatestNotification | undefined,
  now: Date,
  windowMs: number,
): NotificationPlan {
  if (latest?.open) return { kind: 'join', id: latest.id };
  if (!latest) return { kind: 'create', dueAt: now };
  return { kind: 'create', dueAt: new Date(Math.max(now.getTime(), latest.dueAt.getTime() + windowMs)) };
}

/** The out-of-stock orders among a unit of work's events, by sku in the order they happened. */
export function outOfStockOrdersFor(
  events: readonly DomainEvent[],
  at: Date,
): Map<string, OutOfStockOrder[]> {
  const bySku = new Map<string, OutOfStockOrder[]>();
  for (const event of events) {
    if (event.type !== 'OutOfStock') continue;
    const orders = bySku.get(event.sku) ?? [];
    orders.push({ orderid: event.orderid, qty: event.qty, at });
    bySku.set(event.sku, orders);
  }
  return bySku;
}

/** The text of the email about a sku's orders (one order: the same words as before the digest). */
export function outOfStockMessage(sku: string, orders: readonly OutOfStockOrder[]): string {
  if (orders.length === 1) {
    const [order] = orders as [OutOfStockOrder];
    return `Out of stock for ${sku}: order ${order.orderid} asked for ${order.qty}`;
  }
  const lines = orders.map((o) => `- order ${o.orderid} asked for ${o.qty} at ${o.at.toISOString()}`);
  return [`Out of stock for ${sku}: ${orders.length} orders ran out`, '', ...lines].join('\n');
}

/** A stored email a dispatcher holds a lease on. */
export interface ClaimedNotification {
  readonly id: string;
  readonly sku: string;
  readonly destination: string;
  readonly orders: readonly OutOfStockOrder[];
  /** Failed deliveries so far. */
  readonly attempts: number;
}

/** How a notification left: mailed over SMTP, or recorded in the app (no SMTP server configured). */
export type DeliveryChannel = 'smtp' | 'recorded';

/** The notification outbox, as dispatchers see it. Several dispatchers may run at once. */
export interface NotificationOutbox {
  /**
   * Takes a lease of `leaseMs` on up to `limit` due notifications that nobody holds (oldest due
   * first) and returns them. Holds no transaction once it returns.
   */
  claim(limit: number, leaseMs: number): Promise<ClaimedNotification[]>;
  markSent(id: string, via: DeliveryChannel): Promise<void>;
  /** Gives the lease back: tried again from `retryAt`. */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
}

export interface Mail {
  /** Derived from the notification's id: a receiving server can drop a repeat. */
  readonly messageId: string;
  readonly to: string;
  readonly text: string;
}

/** Where notifications go: an SMTP server, or the app's own record. */
export interface Mailer {
  readonly via: DeliveryChannel;
  deliver(mail: Mail): Promise<void>;
}

/** `<notification-ID@DOMAIN>`: the same for every attempt at one notification. */
export function messageIdFor(notificationId: string, domain: string): string {
  return `<notification-${notificationId}@${domain}>`;
}

/** A notification as the Notifications view shows it. */
export type NotificationState = 'pending' | 'sent' | 'failing' | 'recorded';

export interface NotificationEmail {
  readonly id: string;
  readonly sku: string;
  readonly destination: string;
  readonly message: string;
  readonly state: NotificationState;
  readonly createdAt: Date;
  /** Not sent before this instant (a digest waits for its window). */
  readonly dueAt: Date;
  readonly sentAt: Date | null;
  readonly attempts: number;
  readonly lastError: string | null;
  /** When a failing notification is tried again. */
  readonly nextAttemptAt: Date | null;
}

/** The state the view shows, from what the outbox stores. */
export function notificationState(row: {
  readonly sentAt: Date | null;
  readonly via: DeliveryChannel | null;
  readonly attempts: number;
}): NotificationState {
  if (row.sentAt) return row.via === 'recorded' ? 'recorded' : 'sent';
  return row.attempts > 0 ? 'failing' : 'pending';
}

/** Without an SMTP server: the stored notification itself is the record the app shows. */
export const recordInApp: Mailer = {
  via: 'recorded',
  async deliver() {},
};
