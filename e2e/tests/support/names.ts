/**
 * Names no other test, earlier run or other user of a shared instance has: every test owns its data.
 * Each test gets its own tag (shared by everything it creates, so its data can be found on a staging
 * instance); each name adds a counter, e.g. `CHAIR-M3X9K2AB-1`.
 */
export class Names {
  readonly tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  private count = 0;

  unique(prefix: string): string {
    this.count += 1;
    return `${prefix}-${this.tag}-${this.count}`.toUpperCase();
  }
}
