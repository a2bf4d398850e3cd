import {
  ConcurrencyConflict,
  type DomainEvent,
  DuplicateBatchReference,
  outgoingMessagesFor,
  type UnitOfWork,
  type UnitOfWorkFactory,
  type UnitOfWorkOutcome,
} from '@allocation/domain';
import { isWriteConflict, sqlErrorInfo } from './errors.ts';
import { SqlReadModelWriter, type Statement } from './read-model.ts';
import { type ProductChanges, SqlProductRepository } from './repository.ts';
import type { SqlSession, TransactionRunner } from './sql.ts';

/**
 * Everything a unit of work changed, in one set-based statement: new products and batches,
 * conditional version bumps (the optimistic-concurrency check), batch quantities and allocated
 * totals, removed and added lines, and the outbox messages. One round trip whatever the change.
 */
const WRITE_CHANGES = `
WITH new_products AS (
  INSERT INTO products (sku, version_number)
  SELECT * FROM unnest($1::varchar[], $2::int[])
  RETURNING sku
), bumped AS (
  UPDATE products p SET version_number = x.to_version
  FROM unnest($3::varchar[], $4::int[], $5::int[]) AS x(sku, from_version, to_version)
  WHERE p.sku = x.sku AND p.version_number = x.from_version
  RETURNING p.sku
), new_batches AS (
  INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
  SELECT * FROM unnest($6::varchar[], $7::varchar[], $8::int[], $9::int[], $10::date[])
  RETURNING id, reference
), changed_batches AS (
  UPDATE batches b SET purchased_quantity = x.purchased, allocated_quantity = x.allocated
  FROM unnest($11::varchar[], $12::int[], $13::int[]) AS x(reference, purchased, allocated)
  WHERE b.reference = x.reference
  RETURNING b.id
), removed_lines AS (
  DELETE FROM allocations a
  USING unnest($14::varchar[], $15::varchar[]) AS x(orderid, sku)
  WHERE a.orderid = x.orderid AND a.sku = x.sku
  RETURNING a.id
), added_lines AS (
  INSERT INTO allocations (batch_id, orderid, sku, qty)
  SELECT coalesce(nb.id, b.id), x.orderid, x.sku, x.qty
  FROM unnest($16::varchar[], $17::varchar[], $18::varchar[], $19::int[]) WITH ORDINALITY
       AS x(batchref, orderid, sku, qty, n)
  LEFT JOIN new_batches nb ON nb.reference = x.batchref
  LEFT JOIN batches b ON b.reference = x.batchref
  ORDER BY x.n
  RETURNING id
), messages AS (
  INSERT INTO outbox (channel, payload)
  SELECT x.channel, x.payload::jsonb
  FROM unnest($20::text[], $21::text[]) WITH ORDINALITY AS x(channel, payload, n)
  ORDER BY x.n
  RETURNING id
)
SELECT (SELECT count(*) FROM bumped)::int AS bumped`;

const REMOVE_LINES = `
DELETE FROM allocations a
USING unnest($1::varchar[], $2::varchar[]) AS x(orderid, sku)
WHERE a.orderid = x.orderid AND a.sku = x.sku`;

const EMPTY: readonly never[] = [];

export interface UnitOfWorkOptions {
  /** Store `outgoingMessagesFor(events)` in the outbox at commit. */
  readonly writeOutbox: boolean;
  /**
   * After a conflict on a product, this process's next units of work loading it (for HOT_FOR_MS,
   * renewed while they keep coming) queue for it in memory before their transaction begins, instead
   * of colliding again. The version check stays what guarantees correctness (other processes, and
   * the first collision, are still caught by it and retried by the bus); the queue only spares a hot
   * product the wasted transactions and retries.
   */
  readonly queueHotProducts: boolean;
}

const HOT_FOR_MS = 2_000;

/**
 * Units of work on PostgreSQL (or PGlite): one REPEATABLE READ transaction each. Nothing is
 * written unless the work called `commit` and returned; then the products' changes, their
 * outbox messages and the read-model writes made through `uow.readModel` commit together.
 */
export class SqlUnitOfWorkFactory implements UnitOfWorkFactory {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly options: UnitOfWorkOptions,
  ) {}

  /** Products that recently lost a race in this process, until when. */
  readonly #hot = new Map<string, number>();
  readonly #queues = new KeyedQueue();

  /** Waits for this product's turn if it is hot; returns the release, to call when the unit of work ends. */
  async #turnFor(sku: string): Promise<(() => void) | undefined> {
    const until = this.#hot.get(sku);
    if (until === undefined) return undefined;
    const now = Date.now();
    if (until < now) {
      this.#hot.delete(sku);
      return undefined;
    }
    this.#hot.set(sku, now + HOT_FOR_MS);
    return this.#queues.acquire(sku);
  }

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<UnitOfWorkOutcome<T>> {
    let repository: SqlProductRepository | undefined;
    const releases: (() => void)[] = [];
    try {
      const outcome = await this.runner.transaction(async (session) => {
        repository = new SqlProductRepository(session, async (sku) => {
          const release = await this.#turnFor(sku);
          if (release) releases.push(release);
        });
        const readModel = new SqlReadModelWriter();
        let committed = false;
        const uow: UnitOfWork = {
          products: repository,
          readModel,
          commit: async () => {
            committed = true;
          },
        };
        const result = await work(uow);
        if (!committed) return { commit: false, value: { result, committed } };
        await this.#write(session, repository, readModel.pending);
        return { commit: true, value: { result, committed } };
      });
      const events: DomainEvent[] = [];
      if (outcome.committed && repository) {
        for (const product of repository.seen) events.push(...product.events.splice(0));
      }
      return { result: outcome.result, events };
    } catch (error) {
      const translated = translate(error, repository);
      if (translated instanceof ConcurrencyConflict && repository && this.options.queueHotProducts) {
        for (const product of repository.seen) this.#hot.set(product.sku, Date.now() + HOT_FOR_MS);
      }
      throw translated;
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * Runs the read-model statements and the products' changes. When that is the unit of work's only
   * statement and nothing was read before (a read-model event handler, a new product), it runs as a
   * transaction of its own: one round trip instead of three.
   */
  async #write(
    session: SqlSession,
    repository: SqlProductRepository,
    readModelWrites: readonly Statement[],
  ): Promise<void> {
    const changes = repository.changes();
    const messages = this.options.writeOutbox ? outgoingMessagesFor(repository.pendingEvents()) : [];
    const writesProducts = !(changes.isEmpty && messages.length === 0);
    const single =
      !session.started &&
      !changes.removesWhatItAdds &&
      readModelWrites.length + (writesProducts ? 1 : 0) === 1;
    const run = single ? session.autocommit.bind(session) : session.query.bind(session);
    if (writesProducts) {
      const { removedLines } = changes;
      const separateRemoval = changes.removesWhatItAdds;
      if (separateRemoval) await session.query(REMOVE_LINES, [removedLines.orderid, removedLines.sku]);
      const [row] = await run<{ bumped: number }>(
        WRITE_CHANGES,
        writeParameters(changes, messages, separateRemoval),
        'write_changes',
      );
      // Without a prior read there is no version to check (new products only), so autocommit is safe.
      if ((row?.bumped ?? 0) !== changes.versionBumps.sku.length) {
        throw new ConcurrencyConflict(
          `Product ${changes.versionBumps.sku.join(', ')} changed since it was read`,
        );
      }
    }
    // After the products: the read tables copy the write model's state (see SqlReadModelWriter).
    for (const statement of readModelWrites) await run(statement.text, statement.values, statement.name);
  }
}

function writeParameters(
  changes: ProductChanges,
  messages: ReturnType<typeof outgoingMessagesFor>,
  skipRemoval: boolean,
): unknown[] {
  const { newProducts, versionBumps, newBatches, changedBatches, removedLines, addedLines } = changes;
  return [
    newProducts.sku,
    newProducts.version,
    versionBumps.sku,
    versionBumps.from,
    versionBumps.to,
    newBatches.reference,
    newBatches.sku,
    newBatches.purchased,
    newBatches.allocated,
    newBatches.eta,
    changedBatches.reference,
    changedBatches.purchased,
    changedBatches.allocated,
    skipRemoval ? EMPTY : removedLines.orderid,
    skipRemoval ? EMPTY : removedLines.sku,
    addedLines.batchref,
    addedLines.orderid,
    addedLines.sku,
    addedLines.qty,
    messages.map((message) => message.channel),
    messages.map((message) => JSON.stringify(message.payload)),
  ];
}

/** PostgreSQL's verdicts in the domain's words. */
function translate(error: unknown, repository: SqlProductRepository | undefined): unknown {
  const info = sqlErrorInfo(error);
  if (isWriteConflict(info)) return new ConcurrencyConflict(undefined, { cause: error });
  if (info.sqlState === '23505') {
    if (info.constraint === 'batches_reference_key') {
      const reference = /\(reference\)=\((.*)\) already exists/.exec(info.detail ?? '')?.[1];
      const candidates = repository?.changes().newBatches.reference ?? [];
      return new DuplicateBatchReference(
        reference ?? (candidates.length === 1 ? (candidates[0] as string) : '?'),
      );
    }
    // A product created, or a line allocated, by a concurrent unit of work: retrying sees it.
    return new ConcurrencyConflict('A concurrent unit of work wrote the same product or line first', {
      cause: error,
    });
  }
  return error;
}

/** One turn at a time per key, in arrival order. */
class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  async acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => turn);
    this.#tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}
