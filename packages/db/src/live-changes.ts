/**
 * Live changes from the database: the read tables' triggers append what each statement changed to
 * `live_changes` in the writer's transaction (a rollback leaves nothing), and the writing processes
 * NOTIFY `live_changes` with the highest id after they committed, coalesced (LiveChangeAnnouncer).
 * This process hears the notices over LISTEN (ChannelListener) and reads the table from what it has
 * seen, gap-safe (SeenChanges): ids are taken at insert and commit out of order. While LISTEN is not
 * proven to deliver (the embedded PGlite, whose shared session does not pass notices between
 * connections, or a lost LISTEN connection) it reads the table every `pollMs`; while it is, still
 * every `safetyMs` (a writer that died before announcing), and every `gapPollMs` while an id below
 * the highest seen is missing (its writer commits after announcing a higher one: nothing more may
 * come for it).
 */
import type { LiveChange, LiveChangeFeed, LiveList, Logger } from '@allocation/domain';
import type pg from 'pg';
import { ChannelListener, type ChannelListenerOptions } from './channel-listener.ts';
import { SeenChanges, type SeenChangesOptions } from './seen-changes.ts';

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

export interface LiveChangeFeedOptions extends SeenChangesOptions {
  /** How often the table is read while notifications are not delivered. */
  readonly pollMs: number;
  /** How often it is read anyway while they are (a writer may die before it announces). */
  readonly safetyMs: number;
  /** How often it is read while an id below the highest seen is missing. */
  readonly gapPollMs: number;
  /** Changes kept for subscribers that reconnect (older ones are deleted now and then). */
  readonly keep: number;
  readonly pruneMs: number;
  readonly listener?: ChannelListenerOptions;
}

const DEFAULTS: LiveChangeFeedOptions = {
  pollMs: 500,
  safetyMs: 2_000,
  gapPollMs: 200,
  // Longer than a writing transaction waits for a lock (DEFAULT_BOUNDS.lockTimeoutMs) after its insert.
  gapMs: 10_000,
  maxMissing: 10_000,
  keep: 10_000,
  pruneMs: 60_000,
};
const READ_LIMIT = 1_000;
/** At start, the ids this far below the highest committed one that are missing are watched too. */
const START_WINDOW = 256;
const COLUMNS = 'id::text AS id, lists, skus, orders, batches';

export class SqlLiveChangeFeed implements LiveChangeFeed {
  readonly #listeners = new Set<(change: LiveChange) => void>();
  readonly #channel: ChannelListener;
  readonly #options: LiveChangeFeedOptions;
  #seen: SeenChanges | undefined;
  #delivering = false;
  #started = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading: Promise<void> | undefined;
  /** A notice came while reading: read again (the running read's snapshot may predate its commit). */
  #again = false;
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

  /**
   * The changes committed after `id` (a resume point this feed gave out), oldest first; each says
   * where to resume after it: the highest id up to which every row was in this answer.
   */
  async since(id: string): Promise<readonly LiveChange[] | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query<ChangeRow & { oldest: string; latest: string }>(
      `SELECT ${COLUMNS}, (SELECT min(id)::text FROM live_changes) AS oldest,
              (SELECT max(id)::text FROM live_changes) AS latest
         FROM live_changes WHERE id > $1 ORDER BY id LIMIT ${READ_LIMIT + 1}`,
      [id],
    );
    if (rows.length > READ_LIMIT) return null;
    // Rows after `id` were pruned when the oldest kept is above it and it is below what pruning keeps;
    // otherwise the ids between are holes (rolled back), not forgotten changes.
    const first = rows[0];
    if (
      first &&
      BigInt(first.oldest) > BigInt(id) + 1n &&
      BigInt(id) < BigInt(first.latest) - BigInt(this.#options.keep)
    ) {
      return null;
    }
    let resume = BigInt(id);
    let unbroken = true;
    return rows.map((row) => {
      unbroken &&= BigInt(row.id) === resume + 1n;
      if (unbroken) resume = BigInt(row.id);
      return changeOf(row, resume);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#channel.close();
    await this.#reading;
  }

  async #start(): Promise<void> {
    await this.#read();
    this.#channel.subscribe({
      onNotification: (payload) => this.#heard(payload),
      onDelivering: (delivering) => {
        this.#delivering = delivering;
        // What committed between the last read and LISTEN starting to deliver.
        if (delivering) void this.#read();
        else this.#schedule();
      },
    });
  }

  /** The next read by the clock, after the last read of any kind. */
  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    const gaps = this.#seen?.gaps ?? false;
    const wait = !this.#delivering
      ? this.#options.pollMs
      : gaps
        ? this.#options.gapPollMs
        : this.#options.safetyMs;
    this.#timer = setTimeout(() => void this.#read(), wait);
    this.#timer.unref();
  }

  /** A notice carries the highest id its writer saw: read unless everything up to it was seen. */
  #heard(payload: string): void {
    const seen = this.#seen;
    if (seen && /^\d{1,18}$/.test(payload) && BigInt(payload) <= seen.top && !seen.gaps) return;
    void this.#read();
  }

  /** Reads what was not seen yet; one read at a time, again if asked meanwhile. */
  #read(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    void this.#prune();
    this.#reading = (async () => {
      try {
        do {
          this.#again = false;
          if (await this.#readOnce()) this.#again = true;
        } while (this.#again && !this.#closed);
      } catch (error) {
        this.logger.warn('Live changes: the change table could not be read', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        this.#reading = undefined;
        this.#schedule();
      }
    })();
    return this.#reading;
  }

  /** One read; true when it stopped at its limit (more to read). */
  async #readOnce(): Promise<boolean> {
    const seen = this.#seen;
    if (!seen) {
      this.#seen = await this.#startingPoint();
      return false;
    }
    const { rows } = await this.pool.query<ChangeRow>(
      `SELECT ${COLUMNS} FROM live_changes WHERE id > $1 OR id = ANY($2::bigint[]) ORDER BY id LIMIT ${READ_LIMIT}`,
      [seen.top.toString(), seen.missing.map(String)],
    );
    const now = Date.now();
    const news = rows.filter((row) => seen.take(BigInt(row.id), now));
    seen.expire(now);
    const resume = seen.resumePoint;
    for (const row of news) {
      const change = changeOf(row, resume);
      for (const listener of this.#listeners) listener(change);
    }
    return rows.length === READ_LIMIT;
  }

  /** The highest committed id, and the ids just below it that are not committed (yet). */
  async #startingPoint(): Promise<SeenChanges> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM live_changes
        WHERE id > (SELECT coalesce(max(id), 0) FROM live_changes) - ${START_WINDOW} ORDER BY id`,
    );
    const present = rows.map((row) => BigInt(row.id));
    const highest = present.at(-1) ?? 0n;
    const from = highest - BigInt(START_WINDOW) > 0n ? highest - BigInt(START_WINDOW) : 0n;
    return SeenChanges.from(from, present, Date.now(), this.#options);
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

/** A row as a change to pass on, with where a subscriber resumes after it. */
function changeOf(row: ChangeRow, resume: bigint): LiveChange {
  return {
    id: resume.toString(),
    lists: (row.lists ?? []).filter((list): list is LiveList => LISTS.has(list)),
    skus: row.skus ?? [],
    orders: row.orders ?? [],
    batches: row.batches ?? [],
  };
}
