import type {
  Clock,
  DeadLetter,
  DeadLetters,
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
 * The relay's side of the transactional outbox. A batch is claimed with FOR UPDATE SKIP LOCKED
 * inside a transaction that stays open while `send` runs: concurrent relays skip it, and if `send`
 * fails or the process dies the transaction rolls back and the messages are sent again later.
 * It runs on a raw pool connection because it must outlive Prisma's interactive-transaction timeout
 * when the broker is slow.
 */
export class SqlOutbox implements Outbox {
  /** @param clock dates the sent messages. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  async relay(limit: number, send: (messages: readonly StoredMessage[]) => Promise<void>): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      try {
        const { rows } = await client.query<OutboxRow>(
          `SELECT id::text AS id, channel, payload, created_at FROM outbox
           WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        if (rows.length > 0) {
          await send(
            rows.map(({ id, channel, payload, created_at }) => ({
              id,
              channel,
              payload,
              createdAt: created_at,
            })),
          );
          await client.query('UPDATE outbox SET sent_at = $2::timestamptz WHERE id = ANY($1::bigint[])', [
            rows.map((row) => row.id),
            this.clock.now(),
          ]);
        }
        await client.query('COMMIT');
        return rows.length;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
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

  async record(letter: Omit<DeadLetter, 'id'>): Promise<void> {
    const { channel, payload, error, receivedAt } = letter;
    await this.prisma.deadLetter.create({ data: { channel, payload, error, receivedAt } });
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
