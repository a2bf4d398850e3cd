import type { Clock, Inbox } from '@allocation/domain';
import type { SqlSession } from './transactions.ts';

/**
 * The inbox of one unit of work: the key's row is inserted in its transaction, so it exists exactly
 * when the effect committed. A concurrent unit of work inserting the same key waits for this one and,
 * if this one commits, fails with a serialization error (REPEATABLE READ): the bus retries it, and the
 * retry finds the key.
 */
export class SqlInbox implements Inbox {
  constructor(
    private readonly session: SqlSession,
    private readonly clock: Clock,
  ) {}

  async accept(key: string): Promise<boolean> {
    const rows = await this.session.query<{ key: string }>(
      'INSERT INTO message_inbox (key, handled_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, this.clock.now()],
      'inbox_accept',
    );
    return rows.length === 1;
  }
}
