/** What makes a user: checked the same way by the setup page, ADMIN_EMAIL, the seed and the fakes. */
import { z } from 'zod';
import { IdentityRefusal } from './refusals.ts';

/** better-auth's minimum, set from here (./better-auth.ts). */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
}

/** Input that cannot make a user, naming what is wrong (and the field: `email` or `password`). */
export class InvalidNewUser extends IdentityRefusal {
  override readonly name = 'InvalidNewUser';
  constructor(message: string, field: 'email' | 'password') {
    super('user.invalid', message, field);
  }
}

export function checkNewUser(input: NewUser): { email: string; password: string; name: string } {
  const email = input.email.trim().toLowerCase();
  if (!z.email().safeParse(email).success)
    throw new InvalidNewUser(`"${input.email}" is not an email address`, 'email');
  checkPassword(input.password);
  const name = input.name?.trim() || email.split('@')[0] || email;
  return { email, password: input.password, name };
}

/** A new password (a new user's, or one an admin sets): long enough, not absurdly long. */
export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new InvalidNewUser(
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
      'password',
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidNewUser(
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`,
      'password',
    );
  }
  return password;
}
