/**
 * The first admin: created from the setup page or from ADMIN_EMAIL/ADMIN_PASSWORD at start, only
 * while no user exists, and never over an existing one. The check and the creation run in one
 * transaction under an advisory lock, so two instances starting together make one admin, not two.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@allocation/db';
import { z } from 'zod';
import { type BetterAuthInstance, MIN_PASSWORD_LENGTH } from './better-auth.ts';

/** Any fixed number; only this module takes it. */
const FIRST_ADMIN_LOCK = 72_707_370;
const MAX_PASSWORD_LENGTH = 128;

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
}

export type FirstAdminOutcome = 'created' | 'users-exist';

/** Input that cannot make a user, naming what is wrong. */
export class InvalidNewUser extends Error {
  override readonly name = 'InvalidNewUser';
}

export function checkNewUser(input: NewUser): { email: string; password: string; name: string } {
  const email = input.email.trim().toLowerCase();
  if (!z.email().safeParse(email).success) throw new InvalidNewUser(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new InvalidNewUser(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidNewUser(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
  const name = input.name?.trim() || email.split('@')[0] || email;
  return { email, password: input.password, name };
}

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
    await tx.user.create({ data: { id, email: user.email, name: user.name, role: 'admin', emailVerified: true } });
    await tx.account.create({
      data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash },
    });
    return 'created';
  });
}
