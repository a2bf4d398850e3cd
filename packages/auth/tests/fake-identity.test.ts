import { describe, expect, it } from 'vitest';
import { FakeIdentity, SESSION_COOKIE } from '../src/testing.ts';

const signIn = (identity: FakeIdentity, email: string, password: string) =>
  identity.handler(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
  );

describe('the in-memory identity entry-point tests use', () => {
  it('gives the headers of a browser signed in with a role', async () => {
    const identity = new FakeIdentity();
    for (const role of ['manager', 'operator', 'admin'] as const) {
      expect(await identity.actorFromSession(await identity.signedIn(role))).toMatchObject({
        kind: 'user',
        role,
      });
    }
    expect(await identity.actorFromSession(new Headers())).toBeUndefined();
  });

  it('signs in and out through its handler, refusing a wrong password', async () => {
    const identity = new FakeIdentity();
    expect(await identity.createFirstAdmin({ email: 'boss@example.com', password: 'long enough' })).toBe(
      'created',
    );
    expect(await identity.createFirstAdmin({ email: 'two@example.com', password: 'long enough' })).toBe(
      'users-exist',
    );
    expect((await signIn(identity, 'boss@example.com', 'wrong password')).status).toBe(401);
    const response = await signIn(identity, 'boss@example.com', 'long enough');
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(await identity.actorFromSession(new Headers({ cookie }))).toMatchObject({ role: 'admin' });
    await identity.handler(
      new Request('http://localhost:3000/api/auth/sign-out', { method: 'POST', headers: { cookie } }),
    );
    expect(await identity.actorFromSession(new Headers({ cookie }))).toBeUndefined();
  });

  it('keeps API keys by the same rules as the database: verify, revoke, duplicate names', async () => {
    const identity = new FakeIdentity();
    const { key } = await identity.apiKeys.create({ name: 'erp', role: 'operator', createdBy: 'test' });
    expect(await identity.verifyApiKey(`Bearer ${key}`)).toMatchObject({
      ok: true,
      actor: { role: 'operator' },
    });
    await expect(
      identity.apiKeys.create({ name: 'erp', role: 'manager', createdBy: 'test' }),
    ).rejects.toThrow(/already exists/);
    await identity.apiKeys.revoke('erp');
    expect(await identity.verifyApiKey(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
