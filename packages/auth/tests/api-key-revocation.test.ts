import { describe, expect, it } from 'vitest';
import { type ApiKeyRow, ApiKeys, PrismaApiKeyStore, VerifiedCache } from '../src/index.ts';
import { deliveringRevocationFeed, useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();
/** Keys as one web process sees them: its own cache, hearing revocations over LISTEN. */
async function processKeys(): Promise<ApiKeys> {
  const cache = new VerifiedCache<ApiKeyRow>(await deliveringRevocationFeed(db.it.database.url));
  return new ApiKeys(new PrismaApiKeyStore(db.it.database.prisma), () => new Date(), cache);
}

describe('API key revocation across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  it('stops a cached key in another process as soon as the revocation commits', async () => {
    const [web1, web2] = [await processKeys(), await processKeys()];
    const { key } = await web1.create({ name: 'erp-cached', role: 'operator', createdBy: 'test' });
    expect(await web1.verify(`Bearer ${key}`)).toMatchObject({ ok: true });
    expect(await web2.verify(`Bearer ${key}`)).toMatchObject({ ok: true });

    // The command line's revocation: no cache of its own, the same table.
    await new ApiKeys(new PrismaApiKeyStore(db.it.database.prisma)).revoke('erp-cached');
    // The notice arrives on another connection: within milliseconds, not the cache's seconds.
    const started = Date.now();
    await expect
      .poll(async () => (await web1.verify(`Bearer ${key}`)).ok, { interval: 5, timeout: 1_000 })
      .toBe(false);
    await expect
      .poll(async () => (await web2.verify(`Bearer ${key}`)).ok, { interval: 5, timeout: 1_000 })
      .toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await web2.verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
