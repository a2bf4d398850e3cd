import { describe, expect, it } from 'vitest';
import { identityRefusal } from '../src/index.ts';
import { authRequest, cookieFrom, uniqueEmail, useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();

/** The refusal a call ended with (its code and field), or a failed test when it did not fail. */
async function refusalOf(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  const refusal = identityRefusal(error);
  expect(refusal, `expected an identity refusal, got ${String(error)}`).not.toBeNull();
  return refusal;
}

async function signIn(email: string, password: string) {
  const identity = db.it.identity();
  const response = await identity.handler(authRequest('/sign-in/email', { body: { email, password } }));
  return { status: response.status, cookie: cookieFrom(response) };
}

describe('user administration (PostgreSQL)', () => {
  it('creates users who can sign in, lists them, and refuses a taken email or a short password', async () => {
    const { administration } = db.it.identity();
    const email = uniqueEmail('mona');
    const mona = await administration.createUser({
      name: 'Mona',
      email: email.toUpperCase(),
      password: 'correct horse',
      role: 'manager',
    });
    expect(mona).toMatchObject({ name: 'Mona', email, role: 'manager', disabled: false });
    expect((await administration.listUsers()).map((user) => user.email)).toContain(email);
    expect((await signIn(email, 'correct horse')).status).toBe(200);

    expect(
      await refusalOf(
        administration.createUser({ name: 'M2', email, password: 'another pw', role: 'admin' }),
      ),
    ).toMatchObject({ code: 'user.email_taken', field: 'email' });
    expect(
      await refusalOf(
        administration.createUser({ name: 'S', email: uniqueEmail('s'), password: 'short', role: 'admin' }),
      ),
    ).toMatchObject({ code: 'user.invalid', field: 'password' });
  });

  it('never removes the last enabled admin: demoting or disabling them is refused, until another admin exists', async () => {
    const { administration } = db.it.identity();
    // Whatever earlier tests left: one enabled admin of our own, the rest demoted.
    const only = await administration.createUser({
      name: 'Ada',
      email: uniqueEmail('ada'),
      password: 'correct horse',
      role: 'admin',
    });
    for (const user of await administration.listUsers()) {
      if (user.id !== only.id && user.role === 'admin') await administration.changeRole(user.id, 'operator');
    }

    expect(await refusalOf(administration.changeRole(only.id, 'operator'))).toMatchObject({
      code: 'user.last_admin',
      field: 'role',
    });
    expect(await refusalOf(administration.setDisabled(only.id, true))).toMatchObject({
      code: 'user.last_admin',
    });
    expect((await administration.listUsers()).find((user) => user.id === only.id)).toMatchObject({
      role: 'admin',
      disabled: false,
    });

    // A disabled admin does not count: making one is not enough.
    const second = await administration.createUser({
      name: 'Bea',
      email: uniqueEmail('bea'),
      password: 'correct horse',
      role: 'operator',
    });
    await administration.setDisabled(second.id, true);
    await administration.changeRole(second.id, 'admin');
    expect((await refusalOf(administration.changeRole(only.id, 'manager')))?.code).toBe('user.last_admin');

    await administration.setDisabled(second.id, false);
    expect(await administration.changeRole(only.id, 'manager')).toMatchObject({ role: 'manager' });
    expect((await refusalOf(administration.setDisabled(second.id, true)))?.code).toBe('user.last_admin');
  });

  it('refuses, of two admins demoting each other at once, the second', async () => {
    const { administration } = db.it.identity();
    const [a, b] = await Promise.all(
      ['cy', 'di'].map((name) =>
        administration.createUser({
          name,
          email: uniqueEmail(name),
          password: 'correct horse',
          role: 'admin',
        }),
      ),
    );
    for (const user of await administration.listUsers()) {
      if (user.id !== a?.id && user.id !== b?.id && user.role === 'admin') {
        await administration.changeRole(user.id, 'manager');
      }
    }
    const outcomes = await Promise.allSettled([
      administration.changeRole(a?.id ?? '', 'manager'),
      db.it.identity().administration.changeRole(b?.id ?? '', 'manager'),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = (await administration.listUsers()).filter(
      (user) => user.role === 'admin' && !user.disabled,
    );
    expect(admins).toHaveLength(1);
  });

  it('disabling a user ends their sessions at once and refuses their sign-in; enabling lets them back', async () => {
    const identity = db.it.identity();
    const email = uniqueEmail('olga');
    const olga = await identity.administration.createUser({
      name: 'Olga',
      email,
      password: 'correct horse',
      role: 'operator',
    });
    const { cookie } = await signIn(email, 'correct horse');
    expect(await identity.actorFromSession(new Headers({ cookie }))).toMatchObject({ name: 'Olga' });

    expect(await identity.administration.setDisabled(olga.id, true)).toMatchObject({ disabled: true });
    expect(await identity.actorFromSession(new Headers({ cookie }))).toBeUndefined();
    expect(await db.it.database.prisma.session.count({ where: { userId: olga.id } })).toBe(0);
    expect((await signIn(email, 'correct horse')).status).toBeGreaterThanOrEqual(400);

    await identity.administration.setDisabled(olga.id, false);
    expect((await signIn(email, 'correct horse')).status).toBe(200);
  });

  it('resets a password: the new one signs in, the old one does not, and open sessions end', async () => {
    const identity = db.it.identity();
    const email = uniqueEmail('pat');
    const pat = await identity.administration.createUser({
      name: 'Pat',
      email,
      password: 'old password',
      role: 'manager',
    });
    const { cookie } = await signIn(email, 'old password');
    await identity.administration.resetPassword(pat.id, 'new password');
    expect(await identity.actorFromSession(new Headers({ cookie }))).toBeUndefined();
    expect((await signIn(email, 'old password')).status).toBe(401);
    expect((await signIn(email, 'new password')).status).toBe(200);

    expect((await refusalOf(identity.administration.resetPassword(pat.id, 'short')))?.field).toBe('password');
    expect(
      (await refusalOf(identity.administration.resetPassword('no-such-user', 'long enough')))?.code,
    ).toBe('user.unknown');
  });

  it('manages API keys created by an admin, whose refusals carry codes', async () => {
    const { administration, verifyApiKey } = db.it.identity();
    const { key, info } = await administration.createApiKey({
      name: 'erp-admin-screen',
      role: 'manager',
      expiresAt: null,
      createdBy: 'Ada',
    });
    expect(info).toMatchObject({ createdBy: 'Ada', role: 'manager', revokedAt: null });
    expect((await administration.listApiKeys()).map((k) => k.name)).toContain('erp-admin-screen');
    expect((await verifyApiKey(`Bearer ${key}`)).ok).toBe(true);
    expect(
      (
        await refusalOf(
          administration.createApiKey({
            name: 'erp-admin-screen',
            role: 'admin',
            expiresAt: null,
            createdBy: 'Ada',
          }),
        )
      )?.code,
    ).toBe('api_key.name_taken');
    expect((await administration.revokeApiKey('erp-admin-screen')).revokedAt).not.toBeNull();
    expect(await verifyApiKey(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await refusalOf(administration.revokeApiKey('never-made')))?.code).toBe('api_key.unknown');
  });
});
