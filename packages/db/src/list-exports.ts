/**
 * Exports on PostgreSQL: each list's query (list-sql.ts, the views' own) read through a server-side
 * cursor, a few hundred rows at a time as the consumer takes them, in one read-only snapshot.
 */
import type { ListExports } from '@allocation/domain';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { LIST_SQL, type ListSql, listRowsSql } from './list-sql.ts';
import { translateUnavailability } from './unavailability.ts';

/** Rows fetched per round trip; also how many the stream holds when the consumer is slow. */
const BATCH_SIZE = 500;

export class CursorListExports implements ListExports {
  constructor(private readonly pool: pg.Pool) {}

  batches: ListExports['batches'] = (filter) => this.#rows(LIST_SQL.batches(filter));
  outOfStockAlerts: ListExports['outOfStockAlerts'] = (filter) =>
    this.#rows(LIST_SQL.outOfStockAlerts(filter));
  skus: ListExports['skus'] = (filter) => this.#rows(LIST_SQL.skus(filter));
  deadLetters: ListExports['deadLetters'] = () => this.#rows(LIST_SQL.deadLetters());
  notifications: ListExports['notifications'] = () => this.#rows(LIST_SQL.notifications());
  activity: ListExports['activity'] = (filter) => this.#rows(LIST_SQL.activity(filter));

  async *#rows<R, T>(list: ListSql<R, T>): AsyncIterable<T> {
    const sql = listRowsSql(list);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translateUnavailability(error, true);
    }
    let finished = false;
    let stream: QueryStream | undefined;
    try {
      // An export of a million rows outlasts the pool's statement timeout, and waits on a slow
      // download between fetches: both are lifted for this transaction only.
      await client.query(
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0',
      );
      stream = client.query(
        new QueryStream(sql.text, sql.values as unknown[], {
          batchSize: BATCH_SIZE,
          highWaterMark: BATCH_SIZE,
        }),
      );
      for await (const row of stream) yield list.map(row as R);
      await client.query('COMMIT');
      finished = true;
    } catch (error) {
      throw translateUnavailability(error);
    } finally {
      // Stopped early (the download was cancelled) or failed: the connection is in the middle of a
      // cursor and a transaction, so it is closed rather than handed to the next request.
      if (!finished) stream?.destroy();
      client.release(!finished);
    }
  }
}
