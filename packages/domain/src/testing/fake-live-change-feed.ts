import type { LiveChange, LiveChangeFeed } from '../service-layer/live-changes.ts';

/** Live changes in memory: a test announces them with `announce`, and everything is kept for `since`. */
export class FakeLiveChangeFeed implements LiveChangeFeed {
  readonly #listeners = new Set<(change: LiveChange) => void>();
  readonly #changes: LiveChange[] = [];

  announce(change: Omit<LiveChange, 'id'>): LiveChange {
    const announced = { ...change, id: String(this.#changes.length + 1) };
    this.#changes.push(announced);
    for (const listener of this.#listeners) listener(announced);
    return announced;
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  subscribe(listener: (change: LiveChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async since(id: string): Promise<readonly LiveChange[] | null> {
    const after = Number(id);
    if (!Number.isSafeInteger(after) || after > this.#changes.length) return null;
    return this.#changes.slice(after);
  }
}
