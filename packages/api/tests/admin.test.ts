import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@allocation/auth/new-user';
import { knownFailure, PASSWORD_LENGTH } from '@allocation/contracts';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { appRouter, createContext } from '../src/index.ts';
import { adminApi, rejection } from './admin-support.ts';

const ada = { name: 'Ada', email: 'ada@example.com', password: 'correct horse', role: 'operator' } as const;

describe('admin.users', () => {
  it('lets an admin create users, list them, change a role, disable, enable and reset a password', async () => {
    const { as, identity } = await adminApi();
    const api = await as('admin');
    const created = await api.admin.users.create(ada);
    expect(created).toMatchObject({
      name: 'Ada',
      email: 'ada@example.com',
      role: 'operator',
      disabled: false,
    });
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await api.admin.users.list()).map((user) => [user.name, user.role])).toEqual([
      ['Ada', 'operator'],
      ['Test admin', 'admin'],
    ]);

    expect(await api.admin.users.changeRole({ userId: created.id, role: 'manager' })).toMatchObject({
      role: 'manager',
    });
    expect(await api.admin.users.setDisabled({ userId: created.id, disabled: true })).toMatchObject({
      disabled: true,
    });
    const signIn = (password: string) =>
      identity.handler(
        new Request('http://localhost/api/auth/sign-in/email', {
          method: 'POST',
          body: JSON.stringify({ email: ada.email, password }),
        }),
      );
    expect((await signIn(ada.password)).status).toBe(401);
    await api.admin.users.setDisabled({ userId: created.id, disabled: false });
    await api.admin.users.resetPassword({ userId: created.id, password: 'battery staple' });
    expect((await signIn(ada.password)).status).toBe(401);
    expect((await signIn('battery staple')).status).toBe(200);
  });

  it('refuses to demote or disable the last enabled admin, with a stable code', async () => {
    const { as } = await adminApi();
    const api = await as('admin');
    const [me] = await api.admin.users.list();
    for (const call of [
      api.admin.users.changeRole({ userId: me?.id ?? '', role: 'operator' }),
      api.admin.users.setDisabled({ userId: me?.id ?? '', disabled: true }),
    ]) {
      const error = await rejection(call);
      expect(error.code).toBe('CONFLICT');
      expect(knownFailure(error.cause)?.code).toBe('user.last_admin');
      expect(error.message).toMatch(/last enabled admin/);
    }
    const other = await api.admin.users.create({ ...ada, role: 'admin' });
    expect(await api.admin.users.changeRole({ userId: me?.id ?? '', role: 'operator' })).toMatchObject({
      role: 'operator',
    });
    expect(
      knownFailure((await rejection(api.admin.users.setDisabled({ userId: other.id, disabled: true }))).cause)
        ?.code,
    ).toBe('user.last_admin');
  });

  it('refuses a taken email beside the email field, a bad input by field, and an unknown user', async () => {
    const { as } = await adminApi();
    const api = await as('admin');
    await api.admin.users.create(ada);
    const taken = await rejection(api.admin.users.create({ ...ada, email: 'ADA@example.com ' }));
    expect(taken.code).toBe('CONFLICT');
    expect(knownFailure(taken.cause)).toMatchObject({ code: 'user.email_taken', field: 'email' });

    expect((await rejection(api.admin.users.create({ ...ada, email: 'nope' }))).code).toBe('BAD_REQUEST');
    expect((await rejection(api.admin.users.create({ ...ada, password: 'short' }))).code).toBe('BAD_REQUEST');
    expect((await rejection(api.admin.users.create({ ...ada, role: 'owner' as never }))).code).toBe(
      'BAD_REQUEST',
    );
    const unknown = await rejection(api.admin.users.changeRole({ userId: 'nobody', role: 'admin' }));
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('states the same password length as the identity', () => {
    expect(PASSWORD_LENGTH).toEqual({ min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
  });
});

describe('admin.apiKeys', () => {
  it('creates a key shown once, made by the acting admin, lists it and revokes it', async () => {
    const { as, identity } = await adminApi();
    const api = await as('admin');
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { key, info } = await api.admin.apiKeys.create({ name: 'erp-sync', role: 'operator', expiresAt });
    expect(key).toMatch(/^alloc_/);
    expect(info).toMatchObject({
      name: 'erp-sync',
      role: 'operator',
      createdBy: 'Test admin',
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(JSON.stringify(await api.admin.apiKeys.list())).not.toContain(key);
    expect((await identity.verifyApiKey(`Bearer ${key}`)).ok).toBe(true);

    const revoked = await api.admin.apiKeys.revoke({ name: 'erp-sync' });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await identity.verifyApiKey(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await api.admin.apiKeys.list()).map((k) => [k.name, k.revokedAt !== null])).toEqual([
      ['erp-sync', true],
    ]);
  });

  it('refuses a taken name, an unknown key, a bad name and an expiry in the past', async () => {
    const { as } = await adminApi();
    const api = await as('admin');
    await api.admin.apiKeys.create({ name: 'erp', role: 'manager', expiresAt: null });
    const taken = await rejection(api.admin.apiKeys.create({ name: 'erp', role: 'admin', expiresAt: null }));
    expect(taken.code).toBe('CONFLICT');
    expect(knownFailure(taken.cause)).toMatchObject({ code: 'api_key.name_taken', field: 'name' });
    expect((await rejection(api.admin.apiKeys.revoke({ name: 'never-made' }))).code).toBe('NOT_FOUND');
    expect(
      (await rejection(api.admin.apiKeys.create({ name: 'has space', role: 'admin', expiresAt: null }))).code,
    ).toBe('BAD_REQUEST');
    const past = await rejection(
      api.admin.apiKeys.create({ name: 'late', role: 'admin', expiresAt: '2000-01-01T00:00:00Z' }),
    );
    expect(knownFailure(past.cause)).toMatchObject({ code: 'api_key.invalid', field: 'expiresAt' });
  });
});

describe('who may administer', () => {
  const calls = {
    'users.list': (api: Api) => api.admin.users.list(),
    'users.create': (api: Api) => api.admin.users.create(ada),
    'users.changeRole': (api: Api) => api.admin.users.changeRole({ userId: 'u1', role: 'admin' }),
    'users.setDisabled': (api: Api) => api.admin.users.setDisabled({ userId: 'u1', disabled: true }),
    'users.resetPassword': (api: Api) =>
      api.admin.users.resetPassword({ userId: 'u1', password: 'long enough' }),
    'apiKeys.list': (api: Api) => api.admin.apiKeys.list(),
    'apiKeys.create': (api: Api) => api.admin.apiKeys.create({ name: 'k', role: 'admin', expiresAt: null }),
    'apiKeys.revoke': (api: Api) => api.admin.apiKeys.revoke({ name: 'k' }),
  };
  type Api = Awaited<ReturnType<Awaited<ReturnType<typeof adminApi>>['as']>>;

  it.each(Object.entries(calls))(
    'refuses %s to managers and operators (FORBIDDEN) and to anonymous callers (UNAUTHORIZED)',
    async (_name, call) => {
      const { as, anonymous, identity } = await adminApi();
      for (const role of ['manager', 'operator'] as const) {
        const error = await rejection(call(await as(role)));
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toContain(`is ${role === 'manager' ? 'a' : 'an'} ${role}`);
      }
      expect((await rejection(call(anonymous as Api))).code).toBe('UNAUTHORIZED');
      // Nothing happened.
      expect((await identity.administration.listUsers()).map((user) => user.role).sort()).toEqual([
        'manager',
        'operator',
      ]);
      expect(await identity.administration.listApiKeys()).toEqual([]);
    },
  );

  it('fails as internal, logged, when no identity is wired', async () => {
    const { as, logger } = await adminApi({ wired: false });
    expect((await rejection((await as('admin')).admin.users.list())).code).toBe('INTERNAL_SERVER_ERROR');
    expect(logger.entries.some((entry) => entry.level === 'error')).toBe(true);
  });
});

describe('over HTTP', () => {
  it('tells the browser the refusal’s code and field, for the forms', async () => {
    const { deps, identity } = await adminApi();
    const actor = await identity.actorFromSession(await identity.signedIn('admin'));
    await identity.administration.createUser(ada);
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost/api/trpc/admin.users.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ada),
      }),
      router: appRouter,
      createContext: () => createContext(deps, { actor, requestId: 'req-http' }),
    });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { data: Record<string, unknown> } };
    expect(body.error.data).toMatchObject({
      errorCode: 'user.email_taken',
      field: 'email',
      code: 'CONFLICT',
    });
  });
});
