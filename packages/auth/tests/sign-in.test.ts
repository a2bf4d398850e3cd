import { describe, expect, it } from 'vitest';
import { APP_URL, authRequest, cookieFrom, uniqueEmail, useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();

describe('sign-in with email and password (PostgreSQL)', () => {
  it('signs in a user an admin created, with an HttpOnly SameSite=Lax session cookie, and knows who it is', async () => {
    const identity = db.it.identity();
    const email = uniqueEmail('operator');
    expect(
      await identity.ensureUser({ email, password: 'correct horse', name: 'Olga', role: 'operator' }),
    ).toBe('created');

    const response = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'correct horse' } }),
    );
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);

    const actor = await identity.actorFromSession(new Headers({ cookie: cookieFrom(response) }));
    expect(actor).toMatchObject({ kind: 'user', name: 'Olga', role: 'operator' });
  });

  it('refuses a wrong password with 401 and no session', async () => {
    const identity = db.it.identity();
    const email = uniqueEmail('manager');
    await identity.ensureUser({ email, password: 'correct horse', role: 'manager' });
    const response = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'wrong horse' }, address: '198.51.100.1' }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('has no public sign-up: users come from an admin or the first-run setup', async () => {
    const response = await db.it.identity().handler(
      authRequest('/sign-up/email', {
        body: { email: uniqueEmail('x'), password: 'long enough', name: 'X' },
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await db.it.database.prisma.user.count({ where: { name: 'X' } })).toBe(0);
  });

  it('signs out: the cookie no longer identifies anyone', async () => {
    const identity = db.it.identity();
    const email = uniqueEmail('admin');
    await identity.ensureUser({ email, password: 'correct horse', role: 'admin' });
    const signedIn = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'correct horse' } }),
    );
    const cookie = cookieFrom(signedIn);
    const signedOut = await identity.handler(authRequest('/sign-out', { body: {}, cookie }));
    expect(signedOut.status).toBe(200);
    expect(await identity.actorFromSession(new Headers({ cookie }))).toBeUndefined();
  });

  it('makes session cookies Secure when APP_URL is https', async () => {
    const identity = db.it.identity({ appUrl: 'https://allocation.example.com' });
    const email = uniqueEmail('secure');
    await identity.ensureUser({ email, password: 'correct horse', role: 'manager' });
    const request = authRequest('/sign-in/email', { body: { email, password: 'correct horse' } });
    request.headers.set('origin', 'https://allocation.example.com');
    const response = await identity.handler(
      new Request(request.url.replace(APP_URL, 'https://allocation.example.com'), {
        method: 'POST',
        headers: request.headers,
        body: JSON.stringify({ email, password: 'correct horse' }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().join('\n')).toMatch(/; Secure/i);
  });

  it('ends a session that has been idle longer than the configured time', async () => {
    const identity = db.it.identity({ sessionIdleHours: 1 });
    const email = uniqueEmail('idle');
    await identity.ensureUser({ email, password: 'correct horse', role: 'manager' });
    const response = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'correct horse' } }),
    );
    const session = await db.it.database.prisma.session.findFirstOrThrow({ where: { user: { email } } });
    const lifetime = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000 + 1000);
    await db.it.database.prisma.session.update({
      where: { id: session.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await identity.actorFromSession(new Headers({ cookie: cookieFrom(response) }))).toBeUndefined();
  });
});
