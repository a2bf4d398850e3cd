/**
 * Tells the other processes that `live_changes` grew, outside the writers' transactions. The read
 * tables' triggers only append to the table (migration `…_live_changes_without_notify`): a
 * transaction that NOTIFYs holds PostgreSQL's global notify lock through its commit, which
 * serialised every writing commit of the server. Instead, after this process used a connection of
 * its pool (any writer: units of work, Prisma, the relay, the dispatcher), at most every
 * `intervalMs` one autocommit statement NOTIFYs the highest id, and only when it grew since this
 * process last said it. Listeners read the table from what they have seen (live-changes.ts). Not
 * used on the embedded PGlite, whose readers poll the table.
 */
import type { Logger } from '@allocation/domain';
import type pg from 'pg';
import { LIVE_CHANGES_CHANNEL } from './live-changes.ts';

/**
 * NOTIFYs the highest id when it is above `$1`, in its own transaction; answers the highest id
 * (none when the table is empty). The comparison is made before pg_notify is called.
 */
export const ANNOUNCE_LATEST = `
  SELECT latest::text AS latest, CASE WHEN latest > $1::bigint THEN pg_notify('${LIVE_CHANGES_CHANNEL}', latest::text) END
    FROM (SELECT max(id) AS latest FROM live_changes) highest`;

/**
 * Announces the highest id above `after` on `client`; answers the highest id (or `after`).
 * @param prepare prepare it once per connection (a pool's, on PostgreSQL: the announcer runs it up
 *   to every `intervalMs`); not on a one-off client, which may be PGlite's one shared session.
 */
export async function announceLatest(
  client: pg.ClientBase | pg.Pool,
  after: bigint,
  prepare = false,
): Promise<bigint> {
  const { rows } = await client.query<{ latest: string | null }>({
    text: ANNOUNCE_LATEST,
    values: [after.toString()],
    ...(prepare ? { name: 'announce_latest_change' } : {}),
  });
  const latest = rows[0]?.latest;
  return latest === null || latest === undefined ? after : BigInt(latest);
}

export interface LiveChangeAnnouncerOptions {
  /** The shortest time between two announcements of this process. */
  readonly intervalMs: number;
}

const DEFAULTS: LiveChangeAnnouncerOptions = { intervalMs: 50 };

export class LiveChangeAnnouncer {
  readonly #options: LiveChangeAnnouncerOptions;
  /** The highest id this process announced (or found not to have grown). */
  #announced = -1n;
  /** The pool was used since the last announcement started. */
  #pending = false;
  #lastAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #announcing: Promise<void> | undefined;
  /** The connection of the announcement itself, whose release is not database work to announce. */
  #own: pg.PoolClient | undefined;
  #closed = false;
  readonly #onRelease = (_error: Error | undefined, client: pg.PoolClient) => {
    if (client !== this.#own) this.touched();
  };

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    options: Partial<LiveChangeAnnouncerOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
    // A connection goes back to the pool after every query outside a transaction and after every
    // transaction's COMMIT or ROLLBACK: whatever it wrote is committed by then.
    pool.on('release', this.#onRelease);
  }

  /** This process did database work: announce what it may have added, soon. */
  touched(): void {
    if (this.#closed) return;
    this.#pending = true;
    this.#arm();
  }

  /** Announces what is still unsaid, then stops. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.pool.off('release', this.#onRelease);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#announcing;
    if (this.#pending) await this.#announce();
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#announcing !== undefined) return;
    const wait = Math.max(0, this.#lastAt + this.#options.intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#announce();
    }, wait);
  }

  #announce(): Promise<void> {
    this.#pending = false;
    this.#lastAt = Date.now();
    this.#announcing = (async () => {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        this.#own = client;
        this.#announced = await announceLatest(client, this.#announced, true);
        client.release();
      } catch (error) {
        client?.release(error instanceof Error ? error : new Error(String(error)));
        // Listeners still read the table now and then: a lost announcement only delays a view.
        this.logger.warn('Live changes could not be announced', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        this.#own = undefined;
        this.#announcing = undefined;
      }
      if (this.#pending && !this.#closed) this.#arm();
    })();
    return this.#announcing;
  }
}
