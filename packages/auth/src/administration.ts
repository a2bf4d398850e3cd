/**
 * What admins do to people and keys (the admin screens): the port every identity implements, and the
 * rule that keeps the service administrable: a change never leaves it without an enabled admin.
 * PostgreSQL: ./prisma-administration.ts; memory: ./testing.ts. Refusals are `IdentityRefusal`s.
 */
import type { ApiKeyInfo } from './api-keys.ts';
import { IdentityRefusal } from './refusals.ts';
import type { Role } from './roles.ts';

export interface ManagedUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** A disabled user cannot sign in, and their sessions ended when they were disabled. */
  readonly disabled: boolean;
  readonly createdAt: Date;
}

export interface NewManagedUser {
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

export interface NewApiKey {
  readonly name: string;
  readonly role: Role;
  readonly expiresAt: Date | null;
  /** Who made it: the admin's name. */
  readonly createdBy: string;
}

export interface Administration {
  /** Every user, by name. */
  listUsers(): Promise<ManagedUser[]>;
  /** Refused: `user.invalid`, `user.email_taken`. */
  createUser(input: NewManagedUser): Promise<ManagedUser>;
  /** Refused: `user.unknown`, `user.last_admin`. */
  changeRole(userId: string, role: Role): Promise<ManagedUser>;
  /** Disabling ends the user's sessions at once. Refused: `user.unknown`, `user.last_admin`. */
  setDisabled(userId: string, disabled: boolean): Promise<ManagedUser>;
  /** Sets a new password and ends the user's sessions. Refused: `user.unknown`, `user.invalid`. */
  resetPassword(userId: string, password: string): Promise<ManagedUser>;
  /** Newest first. */
  listApiKeys(): Promise<ApiKeyInfo[]>;
  /** The key is in the answer only: it is never shown again. Refused: `api_key.invalid`, `api_key.name_taken`. */
  createApiKey(input: NewApiKey): Promise<{ key: string; info: ApiKeyInfo }>;
  /** Refused: `api_key.unknown`. */
  revokeApiKey(name: string): Promise<ApiKeyInfo>;
}

/** An admin who can act: what the service must always keep at least one of. */
const isEnabledAdmin = (user: { role: Role; disabled: boolean }) => user.role === 'admin' && !user.disabled;

/**
 * Refuses a change of `user` to `after` that would leave no enabled admin, given how many enabled
 * admins there are now (the user included). Callers count under a lock, so two admins demoting each
 * other at once cannot both pass.
 */
export function checkKeepsAnAdmin(
  user: { role: Role; disabled: boolean; name: string },
  after: { role: Role; disabled: boolean },
  enabledAdmins: number,
): void {
  if (isEnabledAdmin(user) && !isEnabledAdmin(after) && enabledAdmins <= 1) {
    throw new IdentityRefusal(
      'user.last_admin',
      `${user.name} is the last enabled admin: make another user an admin first, so someone can still manage users and keys`,
      after.role !== user.role ? 'role' : null,
    );
  }
}

export const unknownUser = (userId: string) =>
  new IdentityRefusal('user.unknown', `There is no user with id "${userId}"`);

export const emailTaken = (email: string) =>
  new IdentityRefusal('user.email_taken', `A user with the email ${email} exists already`, 'email');
