import { describe, expect, it } from 'vitest';
import { authRequest, nextAddress, uniqueEmail, useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();
const throttle = { maxPerAccount: 3, maxPerAddress: 5, slowAfter: 100, delayMs: 0, windowSeconds: 60 };

describe('failed sign-ins are throttled in PostgreSQL', () => {
  it('refuses an account with 429 and a clear message after repeated failures, even from new addresses and instances', async () => {
    const email = uniqueEmail('target');
    await db.it.identity().ensureUser({ email, password: 'the right one', role: 'operator' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // A new instance each time: the count is in the database, not in a process.
      const response = await db.it
        .identity({ signInThrottle: throttle })
        .handler(authRequest('/sign-in/email', { body: { email, password: `guess ${attempt}` } }));
      expect(response.status).toBe(401);
    }
    const refused = await db.it
      .identity({ signInThrottle: throttle })
      .handler(authRequest('/sign-in/email', { body: { email, password: 'the right one' } }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Too many failed sign-ins for this account/,
    );
  });

  it('refuses an address that guesses across many accounts', async () => {
    const address = nextAddress();
    const identity = db.it.identity({ signInThrottle: throttle });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await identity.handler(
        authRequest('/sign-in/email', { body: { email: uniqueEmail('nobody'), password: 'guess' }, address }),
      );
      expect(response.status).toBe(401);
      // better-auth's own per-address limit (3 sign-in requests per 10 s) would answer first otherwise.
      await db.it.database.prisma.rateLimit.deleteMany();
    }
    const refused = await identity.handler(
      authRequest('/sign-in/email', { body: { email: uniqueEmail('another'), password: 'guess' }, address }),
    );
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/from this address/);
  });

  it('forgets failures once the window has passed, and a success clears the account', async () => {
    const email = uniqueEmail('forgetful');
    const identity = db.it.identity({ signInThrottle: throttle });
    await identity.ensureUser({ email, password: 'the right one', role: 'manager' });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await identity.handler(authRequest('/sign-in/email', { body: { email, password: 'wrong' } }));
    }
    const ok = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'the right one' } }),
    );
    expect(ok.status).toBe(200);
    expect(await db.it.database.prisma.signInFailure.count({ where: { key: `email:${email}` } })).toBe(0);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      await identity.handler(authRequest('/sign-in/email', { body: { email, password: 'wrong' } }));
    }
    const later = db.it.identity({ signInThrottle: throttle, now: () => new Date(Date.now() + 61_000) });
    const afterWindow = await later.handler(
      authRequest('/sign-in/email', { body: { email, password: 'the right one' } }),
    );
    expect(afterWindow.status).toBe(200);
  });

  it('answers slowly after a few failures, before refusing', async () => {
    const email = uniqueEmail('slow');
    const identity = db.it.identity({ signInThrottle: { ...throttle, slowAfter: 1, delayMs: 400 } });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await identity.handler(authRequest('/sign-in/email', { body: { email, password: 'wrong' } }));
    }
    const started = Date.now();
    const response = await identity.handler(
      authRequest('/sign-in/email', { body: { email, password: 'wrong' } }),
    );
    expect(response.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
