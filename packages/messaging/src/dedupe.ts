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
 * is handled. Claims are made on receipt, before any queueing, so instances claim the same delivery
 * within milliseconds of each other; the window only has to be far longer than that.
 *
 * An instance that started late or missed messages counts lower, so its key can name a claim made for
 * an earlier delivery. A claim is therefore only "the same delivery" when another instance made it
 * less than `sameDeliveryMs` ago (its age is read from the key's remaining time to live, so clocks do
 * not matter); a claim this instance made itself, or an older one, belongs to an earlier delivery and
 * the next occurrence number is tried. A worker restarted within the window thus still handles a
 * repeated message, and one that missed messages still leaves them to the instances that saw them.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DeliveryClaimsOptions {
  readonly redis: Redis;
  /** Who claims: written as the key's value, for debugging. */
  readonly instanceId: string;
  /** How long a claim (and this instance's count of a payload) lasts (ms). Default 10 s. */
  readonly windowMs?: number;
  /** A claim younger than this, made by another instance, is for the same delivery (ms). Default 2 s. */
  readonly sameDeliveryMs?: number;
  readonly keyPrefix?: string;
  readonly now?: () => number;
}

export type ClaimOutcome = 'mine' | 'taken' | 'unknown';

/** SET NX, or who holds the key and for how much longer: one round trip, one atomic step. */
const CLAIM = `
  if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {1} end
  return {0, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`;

export class DeliveryClaims {
  readonly #redis: Redis;
  readonly #instanceId: string;
  readonly #windowMs: number;
  readonly #sameDeliveryMs: number;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #seen = new Map<string, { count: number; lastSeen: number }>();
  #lastPrune = 0;

  constructor(options: DeliveryClaimsOptions) {
    this.#redis = options.redis;
    this.#instanceId = options.instanceId;
    this.#windowMs = options.windowMs ?? 10_000;
    this.#sameDeliveryMs = options.sameDeliveryMs ?? 2_000;
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
    const separator = key.lastIndexOf(':');
    const base = key.slice(0, separator + 1);
    let occurrence = Number(key.slice(separator + 1));
    try {
      // Bounded: each step passes a claim of an earlier delivery, and there are few in one window.
      for (let step = 0; step < 1000; step++) {
        const candidate = `${base}${occurrence}`;
        const answer = (await this.#redis.eval(
          CLAIM,
          1,
          candidate,
          this.#instanceId,
          String(this.#windowMs),
        )) as [number, string | null, number];
        if (answer[0] === 1) {
          this.#atLeast(base, occurrence);
          return 'mine';
        }
        const [, holder, remainingMs] = answer;
        const ageMs = this.#windowMs - remainingMs;
        if (holder !== this.#instanceId && ageMs < this.#sameDeliveryMs) return 'taken';
        occurrence += 1;
      }
      return 'taken';
    } catch {
      return 'unknown';
    }
  }

  /** After claiming a later occurrence, count from there for this payload's next deliveries. */
  #atLeast(base: string, occurrence: number): void {
    const hash = base.slice(this.#prefix.length, -1);
    const entry = this.#seen.get(hash);
    if (entry && entry.count < occurrence) entry.count = occurrence;
  }

  #prune(now: number): void {
    if (now - this.#lastPrune < this.#windowMs) return;
    this.#lastPrune = now;
    for (const [hash, entry] of this.#seen) {
      if (now - entry.lastSeen >= this.#windowMs) this.#seen.delete(hash);
    }
  }
}
