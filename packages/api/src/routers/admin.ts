import { identityRefusal } from '@allocation/auth/refusals';
import type { Role } from '@allocation/auth/roles';
import {
  apiKeySummary,
  apiKeysResult,
  changeRoleInput,
  createApiKeyInput,
  createdApiKeyResult,
  createUserInput,
  managedUser,
  RequestError,
  type RoleName,
  resetPasswordInput,
  revokeApiKeyInput,
  setUserDisabledInput,
  usersResult,
} from '@allocation/contracts';
import type { AdministeredApiKey, AdministeredUser, Context, IdentityAdministration } from '../context.ts';
import { adminProcedure } from '../trpc.ts';

// Users and API keys, for admins only. The rules (last admin, taken email or key name) are the
// identity's; this router checks the shapes, names the acting admin and translates refusals.

/** The contracts' role names are the identity's roles: neither may gain one the other lacks. */
const rolesAgree: [Role, RoleName] extends [RoleName, Role] ? true : never = true;
void rolesAgree;

function administration(ctx: Context): IdentityAdministration {
  // Wiring, not the caller's doing: a 500 with a request id, and the log says which.
  if (!ctx.administration) throw new Error('No identity administration is wired into the API context');
  return ctx.administration;
}

/** An identity refusal becomes a request error with its code, so every table translates it. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const refusal = identityRefusal(error);
    if (refusal) throw new RequestError(refusal.code, refusal.message, refusal.field);
    throw error;
  }
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const userOut = (user: AdministeredUser) => ({ ...user, createdAt: user.createdAt.toISOString() });
const keyOut = (key: AdministeredApiKey) => ({
  ...key,
  createdAt: key.createdAt.toISOString(),
  expiresAt: iso(key.expiresAt),
  lastUsedAt: iso(key.lastUsedAt),
  revokedAt: iso(key.revokedAt),
});

export const userAdministration = {
  /** Every user, by name, with role and whether disabled. */
  list: adminProcedure
    .output(usersResult)
    .query(async ({ ctx }) => (await administration(ctx).listUsers()).map(userOut)),

  create: adminProcedure
    .input(createUserInput)
    .output(managedUser)
    .mutation(({ ctx, input }) =>
      translated(async () => userOut(await administration(ctx).createUser(input))),
    ),

  /** Refused (`user.last_admin`) when it would demote the last enabled admin. */
  changeRole: adminProcedure
    .input(changeRoleInput)
    .output(managedUser)
    .mutation(({ ctx, input }) =>
      translated(async () => userOut(await administration(ctx).changeRole(input.userId, input.role))),
    ),

  /** Disabling ends the user's sessions at once; refused (`user.last_admin`) for the last enabled admin. */
  setDisabled: adminProcedure
    .input(setUserDisabledInput)
    .output(managedUser)
    .mutation(({ ctx, input }) =>
      translated(async () => userOut(await administration(ctx).setDisabled(input.userId, input.disabled))),
    ),

  /** Sets a new password; the user's open sessions end. */
  resetPassword: adminProcedure
    .input(resetPasswordInput)
    .output(managedUser)
    .mutation(({ ctx, input }) =>
      translated(async () => userOut(await administration(ctx).resetPassword(input.userId, input.password))),
    ),
};

export const apiKeyAdministration = {
  /** Every key, newest first, revoked ones included. */
  list: adminProcedure
    .output(apiKeysResult)
    .query(async ({ ctx }) => (await administration(ctx).listApiKeys()).map(keyOut)),

  /** The answer holds the key itself: the only time anyone sees it. Created by the acting admin. */
  create: adminProcedure
    .input(createApiKeyInput)
    .output(createdApiKeyResult)
    .mutation(({ ctx, input }) =>
      translated(async () => {
        const { key, info } = await administration(ctx).createApiKey({
          name: input.name,
          role: input.role,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          // adminProcedure has refused anyone without an actor.
          createdBy: ctx.actor?.name ?? 'unknown',
        });
        return { key, info: keyOut(info) };
      }),
    ),

  /** Stops the key working at once; revoking a revoked key changes nothing. */
  revoke: adminProcedure
    .input(revokeApiKeyInput)
    .output(apiKeySummary)
    .mutation(({ ctx, input }) =>
      translated(async () => keyOut(await administration(ctx).revokeApiKey(input.name))),
    ),
};
