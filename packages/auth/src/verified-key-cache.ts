/**
 * Verified API keys, kept briefly so a busy client's requests do not each read the key table.
 *
 * A revocation must still stop a key at once, in every process: the cache is only switched on while
 * a revocation feed (PostgreSQL LISTEN/NOTIFY, see @allocation/db's ApiKeyRevocationListener) is
 * known to deliver. Each revocation empties it; a feed that is lost switches it off (every request
 * reads the table again) until the feed is back. Only keys that verified are kept, never a failure.
 */
import type { ApiKeyRow } from './api-keys.ts';

/** What tells every process that a key was revoked. */
export interface RevocationFeed {
  /** `onRevoked` on each revocation anywhere; `onDelivering(false)` while revocations may be missed. */
  subscribe(listener: { onRevoked(): void; onDelivering(delivering: boolean): void }): void;
}

export const VERIFIED_KEY_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

export class VerifiedKeyCache {
  readonly #rows = new Map<string, { row: ApiKeyRow; until: number }>();
  #enabled = false;
  /** Moves on each clear: a row read before a revocation must not be kept after it. */
  #generation = 0;

  constructor(
    feed: RevocationFeed,
    private readonly ttlMs: number = VERIFIED_KEY_TTL_MS,
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

  get(keyHash: string): ApiKeyRow | undefined {
    if (!this.#enabled) return undefined;
    const entry = this.#rows.get(keyHash);
    if (!entry) return undefined;
    if (entry.until <= this.clock()) {
      this.#rows.delete(keyHash);
      return undefined;
    }
    return entry.row;
  }

  /** Where the cache is now: pass it to `set` with a row read from here on. */
  get generation(): number {
    return this.#generation;
  }

  /** Keeps a row read since `generation`, unless a revocation came in between. */
  set(keyHash: string, row: ApiKeyRow, generation: number): void {
    if (!this.#enabled || generation !== this.#generation) return;
    if (this.#rows.size >= MAX_ENTRIES && !this.#rows.has(keyHash)) this.#rows.clear();
    this.#rows.set(keyHash, { row, until: this.clock() + this.ttlMs });
  }

  clear(): void {
    this.#generation++;
    this.#rows.clear();
  }
}
