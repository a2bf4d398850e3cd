import type {
  Clock,
  DeadLetter,
  DeadLetterClosing,
  DeadLetterState,
  DeadLetters,
  NewDeadLetter,
  Notifications,
  Outbox,
  StoredMessage,
} from '@allocation/domain';
import type pg from 'pg';
import type { PrismaClient } from './generated/prisma/client.ts';

interface OutboxRow {
  id: string;
  channel: string;
  payload: StoredMessage['payload'];
  created_at: Date;
}

/**
 * The relay's side of the transactional outbox. A batch is claimed with a lease, in one short
 * statement (FOR UPDATE SKIP LOCKED, so concurrent relays claim different messages); `send` runs
 * with no transaction open and no connection held; the messages are then marked sent. If `send`
 * fails the lease is given back at once; if the process dies, the lease runs out and another relay
 * sends them again. So a stalled broker never holds the database, and no message is lost.
 */
export class SqlOutbox implements Outbox {
  /**
   * @param clock dates the leases and the sent messages.
   * @param leaseMs how long a claim keeps other relays off: longer than a publish may take.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly leaseMs = 30_000,
  ) {}

  async relay(limit: number, send: (messages: readonly StoredMessage[]) => Promise<void>): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE outbox SET claimed_until = $2::timestamptz
       WHERE id IN (
         SELECT id FROM outbox
         WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $3::timestamptz)
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id, channel, payload, created_at`,
      [limit, new Date(now.getTime() + this.leaseMs), now],
    );
    if (rows.length === 0) return 0;
    // RETURNING keeps no order: oldest first, by id.
    rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
    const ids = rows.map((row) => row.id);
    try {
      await send(
        rows.map(({ id, channel, payload, created_at }) => ({ id, channel, payload, createdAt: created_at })),
      );
    } catch (error) {
      // Given back for the next attempt; if even that fails, the lease runs out by itself.
      await this.pool
        .query('UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[]) AND sent_at IS NULL', [
          ids,
        ])
        .catch(() => {});
      throw error;
    }
    await this.pool.query(
      'UPDATE outbox SET sent_at = $2::timestamptz, claimed_until = NULL WHERE id = ANY($1::bigint[])',
      [ids, this.clock.now()],
    );
    return rows.length;
  }

  async prune(sentBefore: Date, limit: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE sent_at < $1::timestamptz ORDER BY sent_at, id LIMIT $2::int)`,
      [sentBefore, limit],
    );
    return rowCount ?? 0;
  }
}

export class SqlDeadLetters implements DeadLetters {
  constructor(private readonly prisma: PrismaClient) {}

  async record(letter: NewDeadLetter): Promise<void> {
    const { channel, payload, error, receivedAt } = letter;
    await this.prisma.deadLetter.create({
      data: { channel, payload, error, receivedAt, inboxKey: letter.inboxKey ?? null },
    });
  }

  async find(id: string): Promise<DeadLetter | null> {
    if (!/^[0-9]{1,18}$/.test(id)) return null;
    const row = await this.prisma.deadLetter.findUnique({ where: { id: BigInt(id) } });
    if (!row) return null;
    return {
      id: row.id.toString(),
      channel: row.channel,
      payload: row.payload,
      error: row.error,
      receivedAt: row.receivedAt,
      inboxKey: row.inboxKey,
      state: row.state as DeadLetterState,
      closedAt: row.closedAt,
      closedBy: row.closedBy,
      outcome: row.outcome,
    };
  }

  /** One conditional UPDATE: of two concurrent closings of an open letter, exactly one closes it. */
  async close(id: string, closing: DeadLetterClosing): Promise<boolean> {
    if (!/^[0-9]{1,18}$/.test(id)) return false;
    const { count } = await this.prisma.deadLetter.updateMany({
      where: { id: BigInt(id), state: 'open' },
      data: { state: closing.state, closedAt: closing.at, closedBy: closing.by, outcome: closing.outcome },
    });
    return count === 1;
  }
}

/** Notifications kept in a table (and listed by `views.recordedNotifications`) instead of mailed. */
export class SqlNotificationLog implements Notifications {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  async send(destination: string, message: string): Promise<void> {
    await this.prisma.recordedNotification.create({
      data: { destination, message, sentAt: this.clock.now() },
    });
  }
}
