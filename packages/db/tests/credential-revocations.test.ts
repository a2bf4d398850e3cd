// Each web process hears API key revocations over LISTEN; a key cache trusts that only while it is
// proven to deliver. On both backends: PostgreSQL delivers; PGlite's socket may not, and then the
// listener must say so rather than leave a cache on that would miss revocations.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CREDENTIALS_REVOKED_CHANNEL,
  CredentialRevocationListener,
  connectionLimits,
  type RevocationListener,
} from '../src/index.ts';
import { silentLogger, useBackend } from './support.ts';

const listeners: CredentialRevocationListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

function listen(url: string, probeTimeoutMs = 5_000) {
  const heard = { delivering: [] as boolean[], revoked: 0 };
  const listener = new CredentialRevocationListener(url, silentLogger, {
    probeTimeoutMs,
    retryMs: 50,
    reprobeMs: 60_000,
  });
  listeners.push(listener);
  const subscriber: RevocationListener = {
    onRevoked: () => heard.revoked++,
    onDelivering: (on) => heard.delivering.push(on),
  };
  listener.subscribe(subscriber);
  return heard;
}

describe('API key revocations on PostgreSQL', () => {
  const backend = useBackend('postgres');

  it('delivers once its probe came back, then reports every revocation committed anywhere', async () => {
    const heard = listen(backend.db.url);
    await expect.poll(() => heard.delivering.at(-1), { timeout: 5_000 }).toBe(true);
    await backend.db.prisma.$executeRaw`SELECT pg_notify(${CREDENTIALS_REVOKED_CHANNEL}, 'erp')`;
    await expect.poll(() => heard.revoked, { timeout: 2_000 }).toBe(1);
  });

  it('says it no longer delivers when its connection is lost, and delivers again after reconnecting', async () => {
    const heard = listen(backend.db.url);
    await expect.poll(() => heard.delivering.at(-1), { timeout: 5_000 }).toBe(true);
    await backend.db.prisma.$executeRaw`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`;
    await expect.poll(() => heard.delivering.includes(false), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => heard.delivering.at(-1), { timeout: 5_000 }).toBe(true);
  });

  it('reads how many connections the server accepts', async () => {
    const limits = await connectionLimits(backend.db.url);
    const [row] = await backend.db.prisma.$queryRaw<{ max_connections: string }[]>`SHOW max_connections`;
    expect(limits.maxConnections).toBe(Number(row?.max_connections));
    expect(limits.reserved).toBeGreaterThanOrEqual(0);
    expect(limits.reserved).toBeLessThan(limits.maxConnections);
  });
});

describe('API key revocations on the embedded database', () => {
  const backend = useBackend('pglite');

  it('either proves it delivers or never says it does', async () => {
    const heard = listen(backend.db.url, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    if (heard.delivering.at(-1) === true) {
      await backend.db.prisma.$executeRaw`SELECT pg_notify(${CREDENTIALS_REVOKED_CHANNEL}, 'erp')`;
      await expect.poll(() => heard.revoked, { timeout: 2_000 }).toBe(1);
    } else {
      expect(heard.delivering).not.toContain(true);
    }
  });
});
