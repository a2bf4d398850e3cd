import { describe, expect, it } from 'vitest';
import { InvalidNewUser } from '../src/index.ts';
import { authRequest, useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();

describe('the first admin (PostgreSQL)', () => {
  it('is refused with a message naming the problem', async () => {
    const identity = db.it.identity();
    await expect(
      identity.createFirstAdmin({ email: 'not-an-email', password: 'long enough' }),
    ).rejects.toThrow(InvalidNewUser);
    await expect(identity.createFirstAdmin({ email: 'a@example.com', password: 'short' })).rejects.toThrow(
      /at least 8 characters/,
    );
    expect(await identity.hasUsers()).toBe(false);
  });

  it('is created while no user exists, only once even when two instances race, and can sign in', async () => {
    const identity = db.it.identity();
    const outcomes = await Promise.all([
      identity.createFirstAdmin({ email: 'Boss@Example.com', password: 'first admin pw', name: 'Boss' }),
      db.it.identity().createFirstAdmin({ email: 'other@example.com', password: 'second admin pw' }),
    ]);
    expect(outcomes.sort()).toEqual(['created', 'users-exist']);
    expect(await db.it.database.prisma.user.count()).toBe(1);
    expect(await identity.hasUsers()).toBe(true);

    const admin = await db.it.database.prisma.user.findFirstOrThrow();
    expect(admin.role).toBe('admin');
    const password = admin.email === 'boss@example.com' ? 'first admin pw' : 'second admin pw';
    const response = await identity.handler(
      authRequest('/sign-in/email', { body: { email: admin.email, password } }),
    );
    expect(response.status).toBe(200);
  });

  it('never overwrites an existing user, not even one with the same email', async () => {
    const identity = db.it.identity();
    const before = await db.it.database.prisma.account.findMany({ orderBy: { id: 'asc' } });
    expect(await identity.createFirstAdmin({ email: 'boss@example.com', password: 'a new password' })).toBe(
      'users-exist',
    );
    expect(await db.it.database.prisma.account.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});
