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
  ) {}

  async transaction<T>(work: (session: SqlSession) => Promise<TransactionOutcome<T>>): Promise<T> {
    let client: pg.PoolClient | undefined;
    let starting: Promise<pg.PoolClient> | undefined;
    const begin = async (): Promise<pg.PoolClient> => {
      const connection = await this.pool.connect();
      try {
        await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      } catch (error) {
        connection.release(error as Error);
        throw error;
      }
      client = connection;
      return connection;
    };
    const pool = this.pool;
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
    };
    let outcome: TransactionOutcome<T>;
    try {
      outcome = await work(session);
    } catch (error) {
      await starting?.catch(() => undefined);
      if (client) await this.#end(client, 'ROLLBACK');
      throw error;
    }
    await starting?.catch(() => undefined);
    if (client) await this.#end(client, outcome.commit ? 'COMMIT' : 'ROLLBACK');
    return outcome.value;
  }

  async #end(client: pg.PoolClient, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      await client.query(statement);
      client.release();
    } catch (error) {
      // A server error (e.g. a failed COMMIT) leaves the connection usable; anything else does not.
      client.release(isSqlError(error) ? undefined : (error as Error));
      if (statement === 'COMMIT') throw error;
    }
  }
}

/** A PostgreSQL error reported by the server (as opposed to a broken connection). */
function isSqlError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'severity' in error && 'code' in error;
}
