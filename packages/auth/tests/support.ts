import { CredentialRevocationListener, type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { createIdentity, type Identity, type IdentitySettings } from '../src/index.ts';

export const APP_URL = 'http://localhost:3000';
export const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

export interface Opened {
  readonly database: Database;
  readonly testDatabase: TestDatabase;
  identity(settings?: Partial<IdentitySettings>): Identity;
}

/** A fresh PostgreSQL database (every migration applied) for the whole file. */
export function useIdentityDatabase() {
  let opened: Opened | undefined;
  beforeAll(async () => {
    const testDatabase = await createTestDatabase();
    const database = await openDatabase({
      url: testDatabase.url,
      poolSize: 4,
      clock: { now: () => new Date() },
    });
    opened = {
      database,
      testDatabase,
      identity: (settings = {}) =>
        createIdentity(database.prisma, { secret: SECRET, appUrl: APP_URL, ...settings }),
    };
  });
  afterAll(async () => {
    await opened?.database.close();
    await opened?.testDatabase.drop();
  });
  return {
    get it(): Opened {
      if (!opened) throw new Error('database not open yet');
      return opened;
    },
  };
}

let addresses = 0;
/** Another documentation address each time, so tests do not share better-auth's per-address limits. */
export const nextAddress = () => {
  addresses = (addresses % 250) + 1;
  return `203.0.113.${addresses}`;
};

/** A request to the better-auth handler as a browser at `address` would send it. */
export function authRequest(
  path: string,
  init: { method?: string; body?: unknown; cookie?: string; address?: string } = {},
): Request {
  const headers = new Headers({ origin: APP_URL, 'x-forwarded-for': init.address ?? nextAddress() });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.cookie) headers.set('cookie', init.cookie);
  return new Request(`${APP_URL}/api/auth${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** The cookie header a browser would send back after this response. */
export const cookieFrom = (response: Response): string =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');

let counter = 0;
export const uniqueEmail = (prefix: string) => {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
};

const quiet = { info() {}, warn() {}, error() {} };
const revocationFeeds: CredentialRevocationListener[] = [];
afterAll(async () => {
  await Promise.all(revocationFeeds.splice(0).map((feed) => feed.close()));
});

/** The revocation feed one web process has (LISTEN on a connection of its own), once it delivers. */
export async function deliveringRevocationFeed(url: string): Promise<CredentialRevocationListener> {
  const feed = new CredentialRevocationListener(url, quiet);
  revocationFeeds.push(feed);
  let delivering = false;
  feed.subscribe({ onRevoked() {}, onDelivering: (on) => (delivering = on) });
  await expect.poll(() => delivering, { timeout: 5_000 }).toBe(true);
  return feed;
}
