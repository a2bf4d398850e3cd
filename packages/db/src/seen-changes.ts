/**
 * Which rows of `live_changes` a reader has seen, when ids commit out of order: a transaction takes
 * its id when it inserts and commits later, so a row can appear below one already read. Kept as the
 * highest id seen and the ids below it not seen yet, each with when it was first missed. A missing
 * id is read again until it turns up or `gapMs` passed: a rolled-back transaction (or a sequence
 * that skipped after a crash) leaves a hole that never fills.
 */
export interface SeenChangesOptions {
  /** How long an id below the highest seen may stay missing before it is taken for a hole. */
  readonly gapMs: number;
  /** The most missing ids remembered (the oldest are given up first). */
  readonly maxMissing: number;
}

export class SeenChanges {
  #top: bigint;
  /** Ascending: ids are added only above the previous top. */
  readonly #missing = new Map<bigint, number>();

  constructor(
    top: bigint,
    private readonly options: SeenChangesOptions,
  ) {
    this.#top = top;
  }

  /** Starts at the highest committed id, with what `present` (ids above `from`, up to it) lacks as missing. */
  static from(
    from: bigint,
    present: readonly bigint[],
    now: number,
    options: SeenChangesOptions,
  ): SeenChanges {
    const seen = new SeenChanges(from, options);
    for (const id of present) seen.take(id, now);
    return seen;
  }

  /** The highest id seen: a read asks for the ids above it and the missing ones. */
  get top(): bigint {
    return this.#top;
  }

  get missing(): readonly bigint[] {
    return [...this.#missing.keys()];
  }

  /** Whether an id below the top is still missing. */
  get gaps(): boolean {
    return this.#missing.size > 0;
  }

  /**
   * Where a reader that stops now can resume without losing a row: every id up to it was seen (or
   * given up). Below the top while an id under it is missing.
   */
  get resumePoint(): bigint {
    for (const id of this.#missing.keys()) return id - 1n;
    return this.#top;
  }

  /** Whether `id` is news: above the top, or one of the missing. Records it as seen. */
  take(id: bigint, now: number): boolean {
    if (id > this.#top) {
      // At most maxMissing holes are remembered: a jump larger than that is mostly given up at once.
      const lowest = id - BigInt(this.options.maxMissing);
      for (let hole = this.#top + 1n > lowest ? this.#top + 1n : lowest; hole < id; hole += 1n) {
        this.#missing.set(hole, now);
      }
      this.#top = id;
      this.#trim();
      return true;
    }
    return this.#missing.delete(id);
  }

  /** Gives up the ids missing for longer than `gapMs`. */
  expire(now: number): void {
    for (const [id, since] of this.#missing) {
      if (now - since > this.options.gapMs) this.#missing.delete(id);
    }
  }

  #trim(): void {
    for (const id of this.#missing.keys()) {
      if (this.#missing.size <= this.options.maxMissing) return;
      this.#missing.delete(id);
    }
  }
}
