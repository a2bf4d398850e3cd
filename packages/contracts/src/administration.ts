import { z } from 'zod';

// The admin screens' shapes (tRPC `admin` router and its forms): users and API keys. The rules behind
// them (last admin, taken email or name) are the identity's (@allocation/auth); these only say what a
// well-formed request is, with the same limits, so forms can show a mistake beside its field.

/** Lowest first, as in @allocation/auth/roles (the admin router checks at compile time that they agree). */
export const ROLE_NAMES = ['manager', 'operator', 'admin'] as const;
export const role = z.enum(ROLE_NAMES, { error: 'Role must be manager, operator or admin' });

/** As @allocation/auth's MIN_PASSWORD_LENGTH and MAX_PASSWORD_LENGTH (the api tests check they agree). */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
export const password = z
  .string({ error: 'Password is required' })
  .min(PASSWORD_LENGTH.min, `Password must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `Password must be at most ${PASSWORD_LENGTH.max} characters`);

const userId = z.string().trim().min(1, 'User id is required').max(200);

export const createUserInput = z.object({
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name is too long'),
  email: z
    .string({ error: 'Email is required' })
    .trim()
    .min(1, 'Email is required')
    .pipe(z.email('Email must be an email address').max(254, 'Email is too long')),
  password,
  role,
});
export const changeRoleInput = z.object({ userId, role });
export const setUserDisabledInput = z.object({ userId, disabled: z.boolean() });
export const resetPasswordInput = z.object({ userId, password });

export const managedUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export const usersResult = z.array(managedUser);

/** As @allocation/auth's ApiKeys checks a name (the identity refuses anything else anyway). */
export const API_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const apiKeyName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(64, 'Name must be at most 64 characters')
  .regex(API_KEY_NAME, "Name must be letters, digits, '.', '_' or '-', starting with a letter or digit");

export const createApiKeyInput = z.object({
  name: apiKeyName,
  role,
  /** The instant the key stops working (ISO), or null for a key that does not expire. */
  expiresAt: z.iso.datetime({ offset: true, error: 'Expiry must be a date and time' }).nullable(),
});
export const revokeApiKeyInput = z.object({ name: apiKeyName });

export const apiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  role,
  /** The key's first characters, to tell keys apart. */
  start: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const apiKeysResult = z.array(apiKeySummary);
/** The key itself is in this answer only. */
export const createdApiKeyResult = z.object({ key: z.string(), info: apiKeySummary });

export type CreateUserInput = z.infer<typeof createUserInput>;
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;
export type RoleName = z.infer<typeof role>;
