/**
 * The first admin: created from the setup page or from ADMIN_EMAIL/ADMIN_PASSWORD at start, only
 * while no user exists, and never over an existing one. The check and the creation run in one
 * transaction under an advisory lock, so two instances starting together make one admin, not two.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@allocation/db';
import type { BetterAuthInstance } from './better-auth.ts';
import { checkNewUser, type NewUser } from './new-user.ts';

/** Any fixed number; only this module takes it. */
const FIRST_ADMIN_LOCK = 72_707_370;

export type FirstAdminOutcome = 'created' | 'users-exist';
export async function createFirstAdmin(
  prisma: PrismaClient,
  auth: BetterAuthInstance,
  input: NewUser,
): Promise<FirstAdminOutcome> {
  const user = checkNewUser(input);
  if ((await prisma.user.count()) > 0) return 'users-exist';
  // Hashed by better-auth's own hasher, so its sign-in verifies it.
  const hash = await (await auth.$context).password.hash(user.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`;
    if ((await tx.user.count()) > 0) return 'users-exist';
    const id = randomUUID();
    await tx.user.create({
      data: { id, email: user.email, name: user.name, role: 'admin', emailVerified: true },
    });
    await tx.account.create({
      data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash },
    });
    return 'created';
  });
}
