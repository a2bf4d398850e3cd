/**
 * After a conflict on a product, this process's next units of work loading it (for HOT_FOR_MS,
 * renewed while they keep coming) queue for it in memory before their transaction begins, instead
 * of colliding again; on PostgreSQL the one whose turn it is then queues among the other processes
 * (an advisory lock taken before BEGIN: `SqlSession.queueFor`). The version check stays what
 * guarantees correctness (the first collisions are still caught by it and retried by the bus); the
 * queues only spare a hot product the wasted transactions and retries. Its times are a timer's,
 * not stored timestamps.
 */
const HOT_FOR_MS = 2_000;

export class HotProductQueue {
  /** Products that recently lost a race in this process, until when. */
  readonly #hotUntil = new Map<string, number>();
  readonly #tails = new Map<string, Promise<void>>();

  /** These products just lost a race. */
  markHot(skus: Iterable<string>): void {
    for (const sku of skus) this.#hotUntil.set(sku, Date.now() + HOT_FOR_MS);
  }

  /** Waits for this product's turn if it is hot; returns the release, to call when the unit of work ends. */
  async turnFor(sku: string): Promise<(() => void) | undefined> {
    const until = this.#hotUntil.get(sku);
    if (until === undefined) return undefined;
    const now = Date.now();
    if (until < now) {
      this.#hotUntil.delete(sku);
      return undefined;
    }
    this.#hotUntil.set(sku, now + HOT_FOR_MS);
    return this.#acquire(sku);
  }

  /** One turn at a time per product, in arrival order. */
  async #acquire(sku: string): Promise<() => void> {
    const previous = this.#tails.get(sku) ?? Promise.resolve();
    let release: () => void = () => {};
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => turn);
    this.#tails.set(sku, tail);
    await previous;
    return () => {
      release();
      if (this.#tails.get(sku) === tail) this.#tails.delete(sku);
    };
  }
}
