/** A list view that changes as a whole (its rows are not addressed by sku or order). */
export type LiveList = 'batches' | 'alerts' | 'notifications' | 'deadLetters' | 'activity';

/**
 * What one committed statement changed in the views, by id only: the skus, orders and batches it
 * touched and the lists it changed. `null` ids mean "not known": every view of that kind may have
 * changed (a change too large to announce whole).
 */
export interface LiveChange {
  /** Increasing across the service: a subscriber that reconnects asks for what came after the last it saw. */
  readonly id: string;
  readonly lists: readonly LiveList[];
  readonly skus: readonly string[] | null;
  readonly orders: readonly string[] | null;
  readonly batches: readonly string[] | null;
}

/**
 * Port: the changes committed anywhere (this process, another web process, the worker), as they
 * come. The database adapter announces them from the transaction that makes them, so a rolled-back
 * change is never heard.
 */
export interface LiveChangeFeed {
  /** Calls `listener` for every change committed from now on, until the returned function is called. */
  subscribe(listener: (change: LiveChange) => void): () => void;
  /** The changes after `id` that are still kept (oldest first); null when some were already forgotten. */
  since(id: string): Promise<readonly LiveChange[] | null>;
}
