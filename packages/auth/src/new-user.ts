/** What makes a user: checked the same way by the setup page, ADMIN_EMAIL, the seed and the fakes. */
import { z } from 'zod';

/** better-auth's minimum, set from here (./better-auth.ts). */
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 128;

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
}

/** Input that cannot make a user, naming what is wrong. */
export class InvalidNewUser extends Error {
  override readonly name = 'InvalidNewUser';
}

export function checkNewUser(input: NewUser): { email: string; password: string; name: string } {
  const email = input.email.trim().toLowerCase();
  if (!z.email().safeParse(email).success)
    throw new InvalidNewUser(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new InvalidNewUser(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidNewUser(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
  const name = input.name?.trim() || email.split('@')[0] || email;
  return { email, password: input.password, name };
}
