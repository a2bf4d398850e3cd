/**
 * Redis pub/sub delivers a message to every subscriber, so when several workers run, each
 * receives every `change_batch_quantity` message. This makes a message have the effect of being
 * handled once: on receipt, each instance claims it with `SET key NX PX ttl`, and only the
 * instance that wins handles it.
 *
 * The claim key is the hash of channel and payload plus the occurrence number of that exact
 * payload as this instance has seen it within the claim window. Every subscriber receives the
 * messages of a channel in the same order, so the n-th "set B-1 to 5" is the same message on every
 * instance, while a later, legitimately repeated "set B-1 to 5" (say 5 → 10 → 5) gets a new key and
 * is handled. An instance that joined late or missed messages counts lower and loses those claims to
 * the instances that saw everything, which handle them. Claims are made on receipt, before any
 * queueing, so instances claim within milliseconds of each other; the window only has to be far
 * longer than that.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DeliveryClaimsOptions {
  readonly redis: Redis;
  /** Who claims: written as the key's value, for debugging. */
  readonly instanceId: string;
  /** How long a claim (and this instance's count of a payload) lasts (ms). Default 10 s. */
  readonly windowMs?: number;
  readonly keyPrefix?: string;
  readonly now?: () => number;
}

export type ClaimOutcome = 'mine' | 'taken' | 'unknown';

export class DeliveryClaims {
  readonly #redis: Redis;
  readonly #instanceId: string;
  readonly #windowMs: number;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #seen = new Map<string, { count: number; lastSeen: number }>();
  #lastPrune = 0;

  constructor(options: DeliveryClaimsOptions) {
    this.#redis = options.redis;
    this.#instanceId = options.instanceId;
    this.#windowMs = options.windowMs ?? 10_000;
    this.#prefix = options.keyPrefix ?? 'allocation:claim:';
    this.#now = options.now ?? Date.now;
  }

  /**
   * The key for this delivery. Call it synchronously on receipt, in delivery order: it counts.
   */
  keyFor(channel: string, payload: string): string {
    const now = this.#now();
    this.#prune(now);
    const hash = createHash('sha256').update(channel).update('\0').update(payload).digest('hex');
    const previous = this.#seen.get(hash);
    const count = previous && now - previous.lastSeen < this.#windowMs ? previous.count + 1 : 1;
    this.#seen.set(hash, { count, lastSeen: now });
    return `${this.#prefix}${hash}:${count}`;
  }

  /** 'mine': handle it; 'taken': another instance does; 'unknown': Redis did not answer. */
  async claim(key: string): Promise<ClaimOutcome> {
    try {
      const result = await this.#redis.set(key, this.#instanceId, 'PX', this.#windowMs, 'NX');
      return result === 'OK' ? 'mine' : 'taken';
    } catch {
      return 'unknown';
    }
  }

  #prune(now: number): void {
    if (now - this.#lastPrune < this.#windowMs) return;
    this.#lastPrune = now;
    for (const [hash, entry] of this.#seen) {
      if (now - entry.lastSeen >= this.#windowMs) this.#seen.delete(hash);
    }
  }
}
