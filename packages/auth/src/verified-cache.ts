/**
 * Verified credentials (API keys, sessions), kept briefly so a busy client's requests do not each
 * read the database.
 *
 * A revocation must still stop a credential at once, in every process: the cache is only switched on
 * while a revocation feed (PostgreSQL LISTEN/NOTIFY, see @allocation/db's CredentialRevocationListener)
 * is known to deliver. Each revocation empties it; a feed that is lost switches it off (every request
 * reads the database again) until the feed is back. Only what verified is kept, never a failure.
 */

/** What tells every process that a credential was revoked. */
export interface RevocationFeed {
  /** `onRevoked` on each revocation anywhere; `onDelivering(false)` while revocations may be missed. */
  subscribe(listener: { onRevoked(): void; onDelivering(delivering: boolean): void }): void;
}

export const VERIFIED_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

export class VerifiedCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  #enabled = false;
  /** Moves on each clear: what was read before a revocation must not be kept after it. */
  #generation = 0;

  constructor(
    feed: RevocationFeed,
    private readonly ttlMs: number = VERIFIED_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    feed.subscribe({
      onRevoked: () => this.clear(),
      onDelivering: (delivering) => {
        this.clear();
        this.#enabled = delivering;
      },
    });
  }

  get(key: string): V | undefined {
    if (!this.#enabled) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.clock()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Where the cache is now: pass it to `set` with what is read from here on. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Keeps what was read since `generation`, unless a revocation came in between; for the cache's time,
   * or less when the credential ends sooner (`endsInMs`).
   */
  set(key: string, value: V, generation: number, endsInMs = Number.POSITIVE_INFINITY): void {
    if (!this.#enabled || generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, { value, until: this.clock() + Math.min(this.ttlMs, endsInMs) });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
