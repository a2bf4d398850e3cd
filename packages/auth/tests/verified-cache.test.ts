import { describe, expect, it } from 'vitest';
import { type ApiKeyRow, ApiKeys, type RevocationFeed, VerifiedCache } from '../src/index.ts';
import { InMemoryApiKeyStore } from '../src/testing.ts';

/** A revocation feed the test drives: what LISTEN/NOTIFY does between processes. */
class FakeFeed implements RevocationFeed {
  private readonly listeners: { onRevoked(): void; onDelivering(delivering: boolean): void }[] = [];
  subscribe(listener: { onRevoked(): void; onDelivering(delivering: boolean): void }): void {
    this.listeners.push(listener);
  }
  delivering(on: boolean) {
    for (const listener of this.listeners) listener.onDelivering(on);
  }
  revoked() {
    for (const listener of this.listeners) listener.onRevoked();
  }
}

/** The key table, counting its reads, with a way to hold a read back. */
class CountingStore extends InMemoryApiKeyStore {
  reads = 0;
  beforeRead: (() => void) | undefined;
  override async findByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    this.reads++;
    const row = await super.findByHash(keyHash);
    this.beforeRead?.();
    return row;
  }
}

function setUp() {
  const store = new CountingStore();
  const feed = new FakeFeed();
  let time = 0;
  const cache = new VerifiedCache<ApiKeyRow>(feed, 10_000, () => time);
  // Two processes: each its own cache on the one table, both hearing the one feed.
  const here = new ApiKeys(store, () => new Date(), cache);
  const there = new ApiKeys(store, () => new Date(), new VerifiedCache<ApiKeyRow>(feed, 10_000, () => time));
  feed.delivering(true);
  return { store, feed, here, there, advance: (ms: number) => (time += ms) };
}

describe('verified API keys, cached briefly', () => {
  it('reads the key table once for a busy key, and again once the entry is older than its time', async () => {
    const { store, here, advance } = setUp();
    const { key } = await here.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    for (let i = 0; i < 5; i++) expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: true });
    expect(store.reads).toBe(1);
    advance(10_001);
    expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: true });
    expect(store.reads).toBe(2);
  });

  it('refuses a key revoked in this process at once', async () => {
    const { here } = setUp();
    const { key } = await here.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    await here.verify(`Bearer ${key}`);
    await here.revoke('erp');
    expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('refuses a key revoked by another process as soon as the feed reports it', async () => {
    const { feed, here, there } = setUp();
    const { key } = await here.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    await here.verify(`Bearer ${key}`);
    await there.revoke('erp');
    feed.revoked();
    expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('does not keep a row read before a revocation that arrived while it was being read', async () => {
    const { store, feed, here, there } = setUp();
    const { key } = await here.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    store.beforeRead = () => {
      store.beforeRead = undefined;
      feed.revoked(); // the notice overtakes the (older) row on its way back
    };
    expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: true });
    await there.revoke('erp');
    expect(await here.verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('reads the table on every request while the feed is not delivering', async () => {
    const { store, feed, here } = setUp();
    const { key } = await here.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    feed.delivering(false);
    await here.verify(`Bearer ${key}`);
    await here.verify(`Bearer ${key}`);
    expect(store.reads).toBe(2);
  });

  it('never keeps a refusal: an unknown key is looked up each time', async () => {
    const { store, here } = setUp();
    await here.verify('Bearer alloc_unknown');
    await here.verify('Bearer alloc_unknown');
    expect(store.reads).toBe(2);
  });
});
