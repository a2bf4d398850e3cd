/**
 * Administration on PostgreSQL: users through better-auth's tables (created by its admin API, so its
 * hasher and defaults apply), keys through `ApiKeys`. Role and enabled-state changes run in one
 * transaction under an advisory lock, so the last-admin rule holds when two admins act at once;
 * disabling deletes the user's sessions in that transaction (better-auth's cookie cache is off, so
 * the next request of that browser finds no session).
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@allocation/db';
import {
  type Administration,
  checkKeepsAnAdmin,
  emailTaken,
  type ManagedUser,
  unknownUser,
} from './administration.ts';
import type { ApiKeys } from './api-keys.ts';
import type { BetterAuthInstance } from './better-auth.ts';
import { checkNewUser, checkPassword } from './new-user.ts';
import { isRole, type Role } from './roles.ts';

/** Any fixed number; only this module takes it. */
const ADMINS_LOCK = 72_707_371;
/** better-auth's admin plugin keeps a reason beside its ban flag. */
const DISABLED_REASON = 'Disabled by an admin';

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string;
  banned: boolean | null;
  createdAt: Date;
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function prismaAdministration(
  prisma: PrismaClient,
  auth: BetterAuthInstance,
  apiKeys: ApiKeys,
): Administration {
  /** Loads the user under the admins' lock, checks the rule, then applies `change` in the same transaction. */
  const changeUser = (
    userId: string,
    after: (user: ManagedUser) => { role: Role; disabled: boolean },
    change: (tx: Transaction, user: ManagedUser) => Promise<void>,
  ) =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS_LOCK})`;
      const row = await tx.user.findUnique({ where: { id: userId } });
      if (!row) throw unknownUser(userId);
      const user = toManagedUser(row);
      const enabledAdmins = await tx.user.count({
        where: { role: 'admin', OR: [{ banned: false }, { banned: null }] },
      });
      checkKeepsAnAdmin(user, after(user), enabledAdmins);
      await change(tx, user);
      return toManagedUser(await tx.user.findUniqueOrThrow({ where: { id: userId } }));
    });

  return {
    async listUsers() {
      const rows = await prisma.user.findMany({ orderBy: [{ name: 'asc' }, { email: 'asc' }] });
      return rows.map(toManagedUser);
    },

    async createUser(input) {
      const user = checkNewUser(input);
      if (await prisma.user.findUnique({ where: { email: user.email } })) throw emailTaken(user.email);
      try {
        const created = await auth.api.createUser({ body: { ...user, role: input.role } });
        return toManagedUser(
          await prisma.user.findUniqueOrThrow({ where: { id: (created.user as { id: string }).id } }),
        );
      } catch (error) {
        // Another admin created the same email in between.
        if (await prisma.user.findUnique({ where: { email: user.email } })) throw emailTaken(user.email);
        throw error;
      }
    },

    changeRole: (userId, role) =>
      changeUser(
        userId,
        (user) => ({ role, disabled: user.disabled }),
        async (tx) => {
          await tx.user.update({ where: { id: userId }, data: { role, updatedAt: new Date() } });
        },
      ),

    setDisabled: (userId, disabled) =>
      changeUser(
        userId,
        (user) => ({ role: user.role, disabled }),
        async (tx) => {
          await tx.user.update({
            where: { id: userId },
            data: disabled
              ? { banned: true, banReason: DISABLED_REASON, banExpires: null, updatedAt: new Date() }
              : { banned: false, banReason: null, banExpires: null, updatedAt: new Date() },
          });
          if (disabled) await tx.session.deleteMany({ where: { userId } });
        },
      ),

    async resetPassword(userId, password) {
      checkPassword(password);
      // Hashed by better-auth's own hasher, so its sign-in verifies it.
      const hash = await (await auth.$context).password.hash(password);
      return prisma.$transaction(async (tx) => {
        const row = await tx.user.findUnique({ where: { id: userId } });
        if (!row) throw unknownUser(userId);
        const updated = await tx.account.updateMany({
          where: { userId, providerId: 'credential' },
          data: { password: hash, updatedAt: new Date() },
        });
        if (updated.count === 0) {
          await tx.account.create({
            data: { id: randomUUID(), accountId: userId, providerId: 'credential', userId, password: hash },
          });
        }
        // Whoever knew the old password is signed out too.
        await tx.session.deleteMany({ where: { userId } });
        return toManagedUser(row);
      });
    },

    listApiKeys: () => apiKeys.list(),
    createApiKey: (input) => apiKeys.create(input),
    revokeApiKey: (name) => apiKeys.revoke(name),
  };
}

function toManagedUser(row: UserRow): ManagedUser {
  if (!isRole(row.role)) throw new Error(`User ${row.email} has an unknown role "${row.role}"`);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.banned === true,
    createdAt: row.createdAt,
  };
}
