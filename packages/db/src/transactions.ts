import type pg from 'pg';

/** What the repository and the read-model writer need from a transaction: parameterised SQL. */
export interface SqlSession {
  /** `name` lets the driver prepare the statement once per connection. */
  query<R extends object>(text: string, values?: readonly unknown[], name?: string): Promise<R[]>;
  /** Whether the transaction has begun (a statement was sent through `query`). */
  readonly started: boolean;
  /**
   * Runs one statement as a transaction of its own (autocommit, the server's READ COMMITTED). Only
   * before the transaction has begun: a unit of work whose only database work is one write needs no
   * BEGIN and COMMIT round trips. Used for the read model's writes (an idempotent insert and a
   * commutative increment: READ COMMITTED's lock-and-recheck gives the result REPEATABLE READ would
   * give after a retry) and for creating a product (conflicts surface as unique violations).
   */
  autocommit<R extends object>(text: string, values?: readonly unknown[], name?: string): Promise<R[]>;
  /**
   * Before the transaction begins: waits for `key`'s turn among every process using this database,
   * and keeps it until the transaction ends. A no-op once the transaction has begun (its snapshot
   * is taken; the version check still guards it) and on the embedded database (one process).
   */
  queueFor(key: string): Promise<void>;
}

export interface TransactionOutcome<T> {
  readonly commit: boolean;
  readonly value: T;
}

/**
 * Runs a function in one REPEATABLE READ transaction; commits only if it asks to. The transaction
 * (and its connection) starts with the first statement: work that never touches the database
 * (an event handler that only sends an email) holds no connection. That matters on the embedded
 * database, which runs one transaction at a time: a handler writing through another connection
 * while its own unit of work held a transaction open would wait for itself.
 */
export interface TransactionRunner {
  transaction<T>(work: (session: SqlSession) => Promise<TransactionOutcome<T>>): Promise<T>;
}

/**
 * Transactions on a connection of the pg pool that the Prisma client also uses: BEGIN with the
 * isolation level, the statements (prepared once per connection), COMMIT. See ADR 0002 (Prisma's
 * interactive transactions were measured slower for the same SQL and are not used).
 */
export class PgTransactionRunner implements TransactionRunner {
  /**
   * @param namedStatements prepare statements once per connection. Off on the embedded database:
   *   PGlite has one session behind all its socket connections, so names would collide.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly namedStatements = true,
    /** Whether `queueFor` queues across processes (off on the embedded database: one process). */
    private readonly crossProcessQueues = namedStatements,
  ) {}

  async transaction<T>(work: (session: SqlSession) => Promise<TransactionOutcome<T>>): Promise<T> {
    let client: pg.PoolClient | undefined;
    let starting: Promise<pg.PoolClient> | undefined;
    let queuedFor: string | undefined;
    const begin = async (): Promise<pg.PoolClient> => {
      const connection = await this.pool.connect();
      try {
        // The turn is taken before BEGIN: REPEATABLE READ's snapshot then already sees the previous
        // holder's commit. A session lock, released after COMMIT or ROLLBACK (or with the connection).
        if (queuedFor !== undefined) await connection.query(QUEUE_LOCK, [queuedFor]);
        await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      } catch (error) {
        connection.release(error as Error);
        throw error;
      }
      client = connection;
      return connection;
    };
    const pool = this.pool;
    const crossProcess = this.crossProcessQueues;
    const named = (name: string | undefined) => (name && this.namedStatements ? { name } : {});
    const session: SqlSession = {
      query: async <R extends object>(text: string, values?: readonly unknown[], name?: string) => {
        starting ??= begin();
        const connection = await starting;
        const result = await connection.query<R>({ text, values: values as unknown[], ...named(name) });
        return result.rows;
      },
      get started() {
        return starting !== undefined;
      },
      autocommit: async <R extends object>(text: string, values?: readonly unknown[], name?: string) => {
        if (starting) throw new Error('autocommit: the transaction has already begun');
        const result = await pool.query<R>({ text, values: values as unknown[], ...named(name) });
        return result.rows;
      },
      queueFor: async (key: string) => {
        if (starting || !crossProcess) return;
        queuedFor = key;
        starting = begin();
        await starting;
      },
    };
    let outcome: TransactionOutcome<T>;
    try {
      outcome = await work(session);
    } catch (error) {
      await starting?.catch(() => undefined);
      if (client) await this.#end(client, 'ROLLBACK', queuedFor);
      throw error;
    }
    await starting?.catch(() => undefined);
    if (client) await this.#end(client, outcome.commit ? 'COMMIT' : 'ROLLBACK', queuedFor);
    return outcome.value;
  }

  async #end(client: pg.PoolClient, statement: 'COMMIT' | 'ROLLBACK', queuedFor?: string): Promise<void> {
    let failure: unknown;
    try {
      await client.query(statement);
    } catch (error) {
      failure = error;
    }
    // A server error (e.g. a failed COMMIT) leaves the connection usable; anything else does not.
    let broken = failure !== undefined && !isSqlError(failure);
    if (!broken && queuedFor !== undefined) {
      // The queue's turn must not go back to the pool with the connection: a connection that cannot
      // give it back is closed instead, which frees it.
      broken = await client.query(QUEUE_UNLOCK, [queuedFor]).then(
        () => false,
        () => true,
      );
    }
    client.release(
      broken ? (failure instanceof Error ? failure : new Error('the queue could not be left')) : undefined,
    );
    if (failure !== undefined && statement === 'COMMIT') throw failure;
  }
}

/**
 * The cross-process queues' advisory locks, in a key space of their own (the two-int form never
 * meets the one-bigint locks used elsewhere, e.g. by the migrations).
 */
const QUEUE_LOCK_CLASS = 7101;
const QUEUE_LOCK = `SELECT pg_advisory_lock(${QUEUE_LOCK_CLASS}, hashtext($1))`;
const QUEUE_UNLOCK = `SELECT pg_advisory_unlock(${QUEUE_LOCK_CLASS}, hashtext($1))`;

/** A PostgreSQL error reported by the server (as opposed to a broken connection). */
function isSqlError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'severity' in error && 'code' in error;
}
