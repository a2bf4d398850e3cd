/** A list view that changes as a whole (its rows are not addressed by sku or order). */
export type LiveList = 'batches' | 'alerts' | 'notifications' | 'deadLetters' | 'activity';

/**
 * What one committed statement changed in the views, by id only: the skus, orders and batches it
 * touched and the lists it changed. `null` ids mean "not known": every view of that kind may have
 * changed (what a subscriber too far behind hears).
 */
export interface LiveChange {
  /**
   * Where a subscriber that reconnects resumes (`since(id)`): every change up to it had been passed
   * on when this one was. Not the change's own number and not unique: changes can commit out of the
   * order of their numbers, so it stays below one that may still come (what is resumed may repeat).
   */
  readonly id: string;
  readonly lists: readonly LiveList[];
  readonly skus: readonly string[] | null;
  readonly orders: readonly string[] | null;
  readonly batches: readonly string[] | null;
}

/**
 * Port: the changes committed anywhere (this process, another web process, the worker), as they
 * come. The database adapter records them in the transaction that makes them, so a rolled-back
 * change is never heard.
 */
export interface LiveChangeFeed {
  /** Calls `listener` for every change committed from now on, until the returned function is called. */
  subscribe(listener: (change: LiveChange) => void): () => void;
  /** The changes after the resume point `id` that are still kept (oldest first); null when some were already forgotten. */
  since(id: string): Promise<readonly LiveChange[] | null>;
}
