/**
 * The notification outbox on PostgreSQL: emails to the stock team written by the unit of work that
 * committed their OutOfStock (`writeNotifications`), and the dispatchers' side (`SqlNotificationOutbox`).
 * A dispatcher claims with a lease in one autocommitted statement (FOR UPDATE SKIP LOCKED, then
 * `claimed_until`), so no transaction stays open while it talks to the SMTP server.
 */
import {
  type ClaimedNotification,
  type Clock,
  type DeliveryChannel,
  type DomainEvent,
  type NotificationOutbox,
  type NotificationPolicy,
  type OutOfStockOrder,
  outOfStockOrdersFor,
  planNotification,
} from '@allocation/domain';
import type pg from 'pg';
import type { SqlSession } from './transactions.ts';

interface LatestRow {
  id: string;
  due_at: Date;
  open: boolean;
}

/**
 * Stores the emails a unit of work's OutOfStock events call for, in its transaction, by the
 * domain's window rule. Concurrent writers of one sku collide (an update of the same row, or the
 * one-open-email-per-sku index) and the bus retries the loser, which then sees the winner's email.
 */
export async function writeNotifications(
  session: SqlSession,
  events: readonly DomainEvent[],
  now: Date,
  policy: NotificationPolicy,
): Promise<void> {
  for (const [sku, orders] of outOfStockOrdersFor(events, now)) {
    const [latest] = await session.query<LatestRow>(
      `SELECT id::text AS id, due_at,
              (sent_at IS NULL AND claimed_until IS NULL AND attempts = 0) AS open
       FROM notifications WHERE sku = $1::varchar ORDER BY due_at DESC, id DESC LIMIT 1`,
      [sku],
      'latest_notification',
    );
    const plan = planNotification(
      latest && { id: latest.id, dueAt: latest.due_at, open: latest.open },
      now,
      policy.windowMs,
    );
    let id: string;
    if (plan.kind === 'join') {
      // A share lock: joiners do not collide with each other, a dispatcher's claim skips the email
      // meanwhile, and one that claimed it since this transaction began makes this one retry.
      await session.query(
        'SELECT 1 FROM notifications WHERE id = $1::bigint FOR SHARE',
        [plan.id],
        'join_notification',
      );
      id = plan.id;
    } else {
      const [created] = await session.query<{ id: string }>(
        `INSERT INTO notifications (sku, destination, created_at, due_at)
         VALUES ($1::varchar, $2::text, $3::timestamptz, $4::timestamptz) RETURNING id::text AS id`,
        [sku, policy.destination, now, plan.dueAt],
        'create_notification',
      );
      id = (created as { id: string }).id;
    }
    await session.query(
      `INSERT INTO notification_orders (notification_id, orderid, qty, at)
       SELECT $1::bigint, x.orderid, x.qty, $4::timestamptz
       FROM unnest($2::varchar[], $3::int[]) WITH ORDINALITY AS x(orderid, qty, n) ORDER BY x.n`,
      [id, orders.map((o) => o.orderid), orders.map((o) => o.qty), now],
      'add_notification_orders',
    );
  }
}

interface StoredOrder {
  orderid: string;
  qty: number;
  at: string | Date;
}

/** The orders of an email as `json_agg` returns them. */
export const fromStoredOrders = (orders: unknown): OutOfStockOrder[] =>
  Array.isArray(orders)
    ? (orders as StoredOrder[]).map(({ orderid, qty, at }) => ({ orderid, qty, at: new Date(at) }))
    : [];

interface ClaimedRow {
  id: string;
  sku: string;
  destination: string;
  attempts: number;
}

interface OrderRow {
  notification_id: string;
  orderid: string;
  qty: number;
  at: Date;
}

export class SqlNotificationOutbox implements NotificationOutbox {
  /** @param clock decides what is due and dates leases and deliveries. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  async claim(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<ClaimedRow>(
      `UPDATE notifications n SET claimed_until = $2::timestamptz
       FROM (
         SELECT id FROM notifications
         WHERE sent_at IS NULL AND due_at <= $1::timestamptz
           AND (next_attempt_at IS NULL OR next_attempt_at <= $1::timestamptz)
           AND (claimed_until IS NULL OR claimed_until <= $1::timestamptz)
         ORDER BY due_at, id LIMIT $3::int
         FOR UPDATE SKIP LOCKED
       ) due
       WHERE n.id = due.id
       RETURNING n.id::text AS id, n.sku, n.destination, n.attempts`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    if (rows.length === 0) return [];
    // Claimed: no order joins them any more, so this reads every order they will ever list.
    const { rows: orders } = await this.pool.query<OrderRow>(
      `SELECT notification_id::text AS notification_id, orderid, qty, at FROM notification_orders
       WHERE notification_id = ANY($1::bigint[]) ORDER BY id`,
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      sku: row.sku,
      destination: row.destination,
      orders: orders
        .filter((o) => o.notification_id === row.id)
        .map(({ orderid, qty, at }) => ({ orderid, qty, at })),
      attempts: row.attempts,
    }));
  }

  async markSent(id: string, via: DeliveryChannel): Promise<void> {
    await this.pool.query(
      `UPDATE notifications SET sent_at = $2::timestamptz, via = $3::text, claimed_until = NULL
       WHERE id = $1::bigint AND sent_at IS NULL`,
      [id, this.clock.now(), via],
    );
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE notifications SET attempts = attempts + 1, last_error = $2::text,
              next_attempt_at = $3::timestamptz, claimed_until = NULL
       WHERE id = $1::bigint AND sent_at IS NULL`,
      [id, error, retryAt],
    );
  }
}
