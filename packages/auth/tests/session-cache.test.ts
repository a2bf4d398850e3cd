import { describe, expect, it } from 'vitest';
import type { Identity } from '../src/index.ts';
import {
  authRequest,
  cookieFrom,
  deliveringRevocationFeed,
  uniqueEmail,
  useIdentityDatabase,
} from './support.ts';

const db = useIdentityDatabase();
/** Identity as one web process has it: its caches, hearing revocations over LISTEN. */
async function webProcess(): Promise<Identity> {
  return db.it.identity({ revocations: await deliveringRevocationFeed(db.it.database.url) });
}

async function signedIn(identity: Identity, role: 'operator' | 'manager' | 'admin') {
  const email = uniqueEmail(role);
  await identity.ensureUser({ email, password: 'correct horse', name: 'Olga', role });
  const response = await identity.handler(
    authRequest('/sign-in/email', { body: { email, password: 'correct horse' } }),
  );
  expect(response.status).toBe(200);
  return { email, headers: new Headers({ cookie: cookieFrom(response) }) };
}

/** A change of role made behind better-auth's back with triggers off: no process hears of it. */
async function silentlySetRole(email: string, role: string): Promise<void> {
  const { prisma } = db.it.database;
  await prisma.$transaction([
    prisma.$executeRaw`SET LOCAL session_replication_role = 'replica'`,
    prisma.$executeRaw`UPDATE users SET role = ${role} WHERE email = ${email}`,
  ]);
}

/** The first answer within a second that passes `check`: a notice takes milliseconds. */
const soon = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  expect.poll(async () => check(await read()), { interval: 5, timeout: 1_000 }).toBe(true);

describe('signed-in users, cached briefly per web process (PostgreSQL LISTEN/NOTIFY)', () => {
  it('a busy browser is checked against the database once per cache time, not on every call', async () => {
    const web = await webProcess();
    const { email, headers } = await signedIn(web, 'operator');
    expect(await web.actorFromSession(headers)).toMatchObject({ role: 'operator' });
    // Unannounced, the change is not seen while the entry lasts: the calls were served from memory.
    await silentlySetRole(email, 'manager');
    expect(await web.actorFromSession(headers)).toMatchObject({ role: 'operator' });
  });

  it('signing out in one process ends the session in every other at once', async () => {
    const [here, there] = [await webProcess(), await webProcess()];
    const { headers } = await signedIn(here, 'manager');
    expect(await here.actorFromSession(headers)).toBeDefined();
    expect(await there.actorFromSession(headers)).toBeDefined();
    const signedOut = await here.handler(
      authRequest('/sign-out', { body: {}, cookie: headers.get('cookie') ?? '' }),
    );
    expect(signedOut.status).toBe(200);
    await soon(
      () => there.actorFromSession(headers),
      (actor) => actor === undefined,
    );
  });

  it("an admin's role change or ban reaches every process at once", async () => {
    const [here, there] = [await webProcess(), await webProcess()];
    const { email, headers } = await signedIn(here, 'operator');
    expect(await there.actorFromSession(headers)).toMatchObject({ role: 'operator' });
    await db.it.database.prisma.user.update({ where: { email }, data: { role: 'manager' } });
    await soon(
      () => there.actorFromSession(headers),
      (actor) => actor?.role === 'manager',
    );
    await db.it.database.prisma.user.update({ where: { email }, data: { banned: true } });
    await soon(
      () => there.actorFromSession(headers),
      (actor) => actor === undefined,
    );
  });

  it('keeps nothing while revocations may be missed: without the feed every call reads the database', async () => {
    const web = db.it.identity(); // no revocation feed, as on the embedded database
    const { email, headers } = await signedIn(web, 'operator');
    expect(await web.actorFromSession(headers)).toMatchObject({ role: 'operator' });
    await silentlySetRole(email, 'manager');
    expect(await web.actorFromSession(headers)).toMatchObject({ role: 'manager' });
  });

  it('a forged or unknown cookie is never served from the cache', async () => {
    const web = await webProcess();
    const { headers } = await signedIn(web, 'admin');
    expect(await web.actorFromSession(headers)).toBeDefined();
    const forged = new Headers({ cookie: `${headers.get('cookie')}x` });
    expect(await web.actorFromSession(forged)).toBeUndefined();
  });
});
