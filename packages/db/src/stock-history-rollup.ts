/**
 * The stock history's events and units per hour and kind (`stock_history_hourly`), so the dashboard's
 * counts read O(hours) rows instead of O(events) and still give exactly what aggregating the raw
 * rows gives. Writers never touch it: the dashboard's queries catch it up first, and read the raw
 * rows for whatever it has not counted (see the migration `…_stock_history_rollup` and ADR 0008).
 */
import type { HistoryKind, Logger } from '@allocation/domain';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';

const HOUR_MS = 3_600_000;

/** Rows one catch-up counts at most: a query behind a large backlog stays short; it reads the rest raw. */
export const ROLLUP_CHUNK = 10_000;

/**
 * Counts the rows added since the last catch-up, and those it passed while they were in flight and
 * that have committed since, into their hours; notes the ids it passes that are not visible (in
 * flight or rolled back); forgets noted ids that can no longer appear: noted over a minute ago (by the
 * database's clock: it is compared with its transactions) and every transaction running then has
 * ended. One statement, so all of it sees one snapshot: a row is either counted or noted, never both
 * nor neither.
 */
const catchUp = (chunk: number) => Prisma.sql`
  WITH progress AS (
    SELECT rolled_through FROM stock_history_rollup WHERE id = 1
  ), fresh AS (
    SELECT id, at, kind, qty FROM stock_history
    WHERE id > (SELECT rolled_through FROM progress)
    ORDER BY id LIMIT ${chunk}
  ), arrived AS (
    SELECT h.id, h.at, h.kind, h.qty FROM stock_history_unseen u JOIN stock_history h ON h.id = u.id
  ), counted AS (
    INSERT INTO stock_history_hourly AS r (kind, hour, events, units)
    SELECT kind, date_trunc('hour', at, 'UTC'), count(*), sum(qty)
    FROM (SELECT at, kind, qty FROM fresh UNION ALL SELECT at, kind, qty FROM arrived) c
    GROUP BY 1, 2
    ON CONFLICT (kind, hour) DO UPDATE SET events = r.events + excluded.events, units = r.units + excluded.units
  ), passed AS (
    INSERT INTO stock_history_unseen (id, noted_at, xid_horizon)
    SELECT g, now(), pg_snapshot_xmax(pg_current_snapshot())::text::bigint
    FROM generate_series((SELECT rolled_through FROM progress) + 1, (SELECT max(id) FROM fresh)) g
    WHERE g NOT IN (SELECT id FROM fresh)
  ), settled AS (
    DELETE FROM stock_history_unseen
    WHERE id IN (SELECT id FROM arrived)
       OR (noted_at < now() - interval '1 minute'
           AND xid_horizon <= pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
  ), advanced AS (
    UPDATE stock_history_rollup SET rolled_through = (SELECT max(id) FROM fresh)
    WHERE id = 1 AND EXISTS (SELECT 1 FROM fresh)
  )
  SELECT coalesce((SELECT max(id) FROM fresh), (SELECT rolled_through FROM progress)) AS "rolledThrough",
    ((SELECT count(*) FROM fresh) + (SELECT count(*) FROM arrived))::int AS counted`;

export interface CatchUp {
  /** Rows counted into their hours; 0 when nothing was new or another catch-up was running. */
  readonly counted: number;
  /** Every row up to this id is counted, but for the noted ones. */
  readonly rolledThrough: bigint;
}

export interface RollupOptions {
  readonly logger?: Logger;
  /** Rows one catch-up counts at most (default ROLLUP_CHUNK). */
  readonly chunk?: number;
  /** A query starts a catch-up only when the last one started this long ago (ms, default 1,000). */
  readonly every?: number;
}

export class StockHistoryRollup {
  /** The progress last seen: it only grows, so a query may use it as a lower bound. */
  #rolledThrough = 0n;
  #running: Promise<CatchUp> | undefined;
  /** When the last catch-up started (monotonic: a rate, not a moment of the domain). */
  #lastStarted = Number.NEGATIVE_INFINITY;
  #draining = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: RollupOptions = {},
  ) {}

  get #chunk(): number {
    return this.options.chunk ?? ROLLUP_CHUNK;
  }

  /**
   * Catches up one chunk. The progress row is the lock: a catch-up that finds it taken leaves the work
   * to the one holding it (SKIP LOCKED), and the second statement takes its snapshot after the lock,
   * so it sees what the previous catch-up committed. Calls in this process share a running one.
   */
  catchUp(): Promise<CatchUp> {
    if (this.#running === undefined) {
      this.#lastStarted = performance.now();
      this.#running = this.#catchUp(this.#chunk).finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** Catches up chunk after chunk until nothing is left; the rows counted. */
  async catchUpAll(): Promise<number> {
    let total = 0;
    for (let done = await this.catchUp(); done.counted > 0; done = await this.catchUp())
      total += done.counted;
    return total;
  }

  /**
   * Before a dashboard query: waits for the running catch-up, or starts one unless one started in the
   * last `every` ms (what arrived since is a few raw rows). A full chunk means more is waiting: the
   * chunks after it run in the background, one at a time, and queries wait only for the current one.
   * The query is exact either way (it reads from the raw rows what is not counted), so a failure here
   * only costs speed: it is logged and the query goes on. Returns the progress, for `eventsDuring`.
   */
  async beforeQuery(): Promise<bigint> {
    const due = performance.now() - this.#lastStarted >= (this.options.every ?? 1_000);
    if (this.#running !== undefined || due) {
      try {
        const done = await this.catchUp();
        if (done.counted >= this.#chunk) void this.#drain();
      } catch (error) {
        this.#skipped(error);
      }
    }
    return this.#rolledThrough;
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while ((await this.catchUp()).counted >= this.#chunk) {}
    } catch (error) {
      this.#skipped(error);
    } finally {
      this.#draining = false;
    }
  }

  #skipped(error: unknown): void {
    this.options.logger?.warn('Stock history roll-up skipped', {
      error: error instanceof Error ? error.message : String(error),
    });
  }

  async #catchUp(chunk: number): Promise<CatchUp> {
    const done = await this.prisma.$transaction(async (tx) => {
      const mine = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM stock_history_rollup WHERE id = 1 FOR UPDATE SKIP LOCKED`;
      if (mine.length > 0) return (await tx.$queryRaw<CatchUp[]>(catchUp(chunk)))[0];
      // Another one is catching up: its progress so far still gives the queries their bound.
      const [progress] = await tx.$queryRaw<{ rolledThrough: bigint }[]>`
        SELECT rolled_through AS "rolledThrough" FROM stock_history_rollup WHERE id = 1`;
      return { counted: 0, rolledThrough: progress?.rolledThrough ?? 0n };
    });
    const rolledThrough = done?.rolledThrough ?? 0n;
    if (rolledThrough > this.#rolledThrough) this.#rolledThrough = rolledThrough;
    return { counted: done?.counted ?? 0, rolledThrough: this.#rolledThrough };
  }
}

/**
 * Every event of `kinds` in [from, to) as (at, kind, events, units): the roll-up's whole hours inside
 * the period, the raw rows of the partial hours at its ends, and the raw rows of its whole hours that
 * the roll-up has not counted (ids above its progress, or noted as unseen). All read in the query's one
 * snapshot, with the roll-up's progress, so nothing is counted twice or missed.
 *
 * `rolledThroughAtLeast` repeats the progress as a constant (never above it): with a bare subquery the
 * planner guesses a third of the table is above it and may scan a year of the (kind, at) index.
 */
export function eventsDuring(
  kinds: readonly HistoryKind[],
  period: { readonly from: Date; readonly to: Date },
  rolledThroughAtLeast: bigint,
): Prisma.Sql {
  const { from, to } = period;
  const whole = wholeHoursOf(period);
  const ofKind = Prisma.join(kinds);
  return Prisma.sql`
    SELECT at, kind, 1::bigint AS events, qty::bigint AS units FROM stock_history
    WHERE kind IN (${ofKind}) AND at >= ${from} AND at < ${whole.from}
    UNION ALL
    SELECT at, kind, 1, qty FROM stock_history
    WHERE kind IN (${ofKind}) AND at >= ${whole.to} AND at < ${to}
    UNION ALL
    SELECT hour, kind, events, units FROM stock_history_hourly
    WHERE kind IN (${ofKind}) AND hour >= ${whole.from} AND hour < ${whole.to}
    UNION ALL
    SELECT at, kind, 1, qty FROM stock_history
    WHERE id > ${rolledThroughAtLeast} AND id > (SELECT rolled_through FROM stock_history_rollup WHERE id = 1)
      AND kind IN (${ofKind}) AND at >= ${whole.from} AND at < ${whole.to}
    UNION ALL
    SELECT h.at, h.kind, 1, h.qty FROM stock_history_unseen u JOIN stock_history h ON h.id = u.id
    WHERE h.kind IN (${ofKind}) AND h.at >= ${whole.from} AND h.at < ${whole.to}`;
}

/** The whole UTC hours inside [from, to); an empty range at `from` when there is none. */
export function wholeHoursOf(period: { readonly from: Date; readonly to: Date }): { from: Date; to: Date } {
  const first = Math.ceil(period.from.getTime() / HOUR_MS) * HOUR_MS;
  const last = Math.floor(period.to.getTime() / HOUR_MS) * HOUR_MS;
  if (last <= first) return { from: period.from, to: period.from };
  return { from: new Date(first), to: new Date(last) };
}
