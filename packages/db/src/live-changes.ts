/**
 * Live changes from the database: the read tables' triggers (migration `…_live_changes`) append what
 * each committed statement changed to `live_changes` and NOTIFY it on `live_changes`, in the
 * statement's own transaction. This process hears them over LISTEN (ChannelListener) while that is
 * proven to deliver; otherwise (the embedded PGlite, whose shared session does not pass notices
 * between connections, or a lost LISTEN connection) it reads the table by id every `pollMs`.
 */
import type { LiveChange, LiveChangeFeed, LiveList, Logger } from '@allocation/domain';
import type pg from 'pg';
import { ChannelListener, type ChannelListenerOptions } from './channel-listener.ts';

export const LIVE_CHANGES_CHANNEL = 'live_changes';

const LISTS: ReadonlySet<string> = new Set<LiveList>([
  'batches',
  'alerts',
  'notifications',
  'deadLetters',
  'activity',
]);

interface ChangeRow {
  readonly id: string;
  readonly lists: string[] | null;
  readonly skus: string[] | null;
  readonly orders: string[] | null;
  readonly batches: string[] | null;
}

export interface LiveChangeFeedOptions {
  /** How often the table is read while notifications are not delivered. */
  readonly pollMs: number;
  /** Changes kept for subscribers that reconnect (older ones are deleted now and then). */
  readonly keep: number;
  readonly pruneMs: number;
  readonly listener?: ChannelListenerOptions;
}

const DEFAULTS: LiveChangeFeedOptions = { pollMs: 500, keep: 10_000, pruneMs: 60_000 };
const READ_LIMIT = 1_000;
const COLUMNS = 'id::text AS id, lists, skus, orders, batches';

export class SqlLiveChangeFeed implements LiveChangeFeed {
  readonly #listeners = new Set<(change: LiveChange) => void>();
  readonly #channel: ChannelListener;
  readonly #options: LiveChangeFeedOptions;
  #last: bigint | undefined;
  #delivering = false;
  #started = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading: Promise<void> | undefined;
  #prunedAt = 0;

  constructor(
    private readonly pool: pg.Pool,
    url: string,
    private readonly logger: Logger,
    options: Partial<LiveChangeFeedOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
    this.#channel = new ChannelListener(
      url,
      LIVE_CHANGES_CHANNEL,
      `live views read the change table every ${this.#options.pollMs} ms`,
      logger,
      this.#options.listener,
    );
  }

  /** Whether changes are heard over LISTEN right now (false: read from the table). */
  get delivering(): boolean {
    return this.#delivering;
  }

  subscribe(listener: (change: LiveChange) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#started) {
      this.#started = true;
      void this.#start();
    }
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async since(id: string): Promise<readonly LiveChange[] | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query<ChangeRow & { oldest: string | null }>(
      `SELECT ${COLUMNS}, (SELECT min(id)::text FROM live_changes) AS oldest
         FROM live_changes WHERE id > $1 ORDER BY id LIMIT ${READ_LIMIT + 1}`,
      [id],
    );
    if (rows.length > READ_LIMIT) return null;
    const oldest = rows[0]?.oldest;
    if (oldest !== undefined && oldest !== null && BigInt(oldest) > BigInt(id) + 1n) return null;
    return rows.map(changeOf);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#channel.close();
  }

  async #start(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ last: string }>(
        'SELECT coalesce(max(id), 0)::text AS last FROM live_changes',
      );
      this.#last = BigInt(rows[0]?.last ?? '0');
    } catch (error) {
      this.logger.warn('Live changes: the change table could not be read; trying again', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.#channel.subscribe({
      onNotification: (payload) => void this.#heard(payload),
      onDelivering: (delivering) => {
        this.#delivering = delivering;
        // What committed between the last read and LISTEN starting to deliver.
        if (delivering) void this.#read();
      },
    });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(async () => {
      if (!this.#delivering) await this.#read();
      await this.#prune();
      this.#schedule();
    }, this.#options.pollMs);
    this.#timer.unref();
  }

  /** Reads what came after the last change seen; one read at a time. */
  #read(): Promise<void> {
    this.#reading ??= (async () => {
      try {
        if (this.#last === undefined) {
          const { rows } = await this.pool.query<{ last: string }>(
            'SELECT coalesce(max(id), 0)::text AS last FROM live_changes',
          );
          this.#last = BigInt(rows[0]?.last ?? '0');
          return;
        }
        const { rows } = await this.pool.query<ChangeRow>(
          `SELECT ${COLUMNS} FROM live_changes WHERE id > $1 ORDER BY id LIMIT ${READ_LIMIT}`,
          [this.#last.toString()],
        );
        for (const row of rows) this.#emit(changeOf(row));
      } catch (error) {
        this.logger.warn('Live changes: the change table could not be read', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        this.#reading = undefined;
      }
    })();
    return this.#reading;
  }

  async #heard(payload: string): Promise<void> {
    try {
      const parsed = JSON.parse(payload) as Partial<ChangeRow> & { id: number | string };
      if (parsed.lists !== undefined) {
        this.#emit(changeOf({ ...(parsed as ChangeRow), id: String(parsed.id) }));
        return;
      }
      // Too large for a notice: only its id came.
      const { rows } = await this.pool.query<ChangeRow>(`SELECT ${COLUMNS} FROM live_changes WHERE id = $1`, [
        String(parsed.id),
      ]);
      for (const row of rows) this.#emit(changeOf(row));
    } catch (error) {
      this.logger.warn('Live changes: a notice could not be read', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Notices come in commit order, which is not always id order, so a notice is passed on even
   * when its id is below the last seen; the table is read from the highest.
   */
  #emit(change: LiveChange): void {
    const id = BigInt(change.id);
    if (this.#last === undefined || id > this.#last) this.#last = id;
    for (const listener of this.#listeners) listener(change);
  }

  async #prune(): Promise<void> {
    const now = Date.now();
    if (now - this.#prunedAt < this.#options.pruneMs) return;
    this.#prunedAt = now;
    await this.pool
      .query('DELETE FROM live_changes WHERE id <= (SELECT max(id) FROM live_changes) - $1', [
        this.#options.keep,
      ])
      .catch(() => {});
  }
}

function changeOf(row: ChangeRow): LiveChange {
  return {
    id: String(row.id),
    lists: (row.lists ?? []).filter((list): list is LiveList => LISTS.has(list)),
    skus: row.skus ?? [],
    orders: row.orders ?? [],
    batches: row.batches ?? [],
  };
}
