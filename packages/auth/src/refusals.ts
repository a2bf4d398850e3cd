/**
 * Why identity refused an administrator's (or the command line's) request: a stable code, the field
 * it concerns and a message for the person. Read by a registry mark, not `instanceof`: Next loads a
 * package once for pages and once for routes, and they share one identity, so an error made by one
 * copy must still be recognised by the other. Transports translate the codes (the tables in
 * @allocation/contracts); this module imports nothing, so a transport can read refusals without
 * loading better-auth.
 */

export type IdentityRefusalCode =
  /** A new user's email or password does not make a user. */
  | 'user.invalid'
  | 'user.unknown'
  | 'user.email_taken'
  /** The change would leave no enabled admin. */
  | 'user.last_admin'
  /** An API key's name, role or expiry does not make a key. */
  | 'api_key.invalid'
  | 'api_key.unknown'
  | 'api_key.name_taken';

export const IDENTITY_REFUSAL: unique symbol = Symbol.for('@allocation/auth/refusal') as never;

export class IdentityRefusal extends Error {
  readonly [IDENTITY_REFUSAL] = true;
  override readonly name: string = 'IdentityRefusal';
  constructor(
    readonly code: IdentityRefusalCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** The code, field and message of an identity refusal; null for anything else. */
export function identityRefusal(
  error: unknown,
): { code: IdentityRefusalCode; field: string | null; message: string } | null {
  if (
    error instanceof Error &&
    (error as Partial<Record<typeof IDENTITY_REFUSAL, boolean>>)[IDENTITY_REFUSAL] === true
  ) {
    const { code, field } = error as IdentityRefusal;
    return { code, field, message: error.message };
  }
  return null;
}
