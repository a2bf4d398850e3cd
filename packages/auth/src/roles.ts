/**
 * Who may do what: the one home of the role order and the rule between roles. Every transport
 * (tRPC procedures, REST routes, the app's navigation) declares the role an operation needs and asks
 * `mayAct`; none of them compares roles itself.
 */

/** Lowest first: each role may do everything the roles before it may. */
export const ROLES = ['manager', 'operator', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** A role may do what it or a lower role may. */
export function mayAct(actorRole: Role, required: Role): boolean {
  return ROLES.indexOf(actorRole) >= ROLES.indexOf(required);
}

/** Who did something, for authorization now and the audit trail later. */
export type Actor =
  | { readonly kind: 'user'; readonly id: string; readonly name: string; readonly role: Role }
  | { readonly kind: 'api-key'; readonly id: string; readonly name: string; readonly role: Role };

/**
 * Why a caller may not proceed: `unauthenticated` (no or an unusable identity: 401) or `forbidden`
 * (an identity whose role is too low: 403). Undefined means allowed.
 */
export type Refusal =
  | { readonly reason: 'unauthenticated'; readonly message: string }
  | { readonly reason: 'forbidden'; readonly message: string };

/**
 * The decision every transport makes for an operation declaring `required`. `undefined` (no declared
 * role) cannot be served: default deny, so a new operation without a rule fails closed.
 */
export function authorize(actor: Actor | undefined, required: Role | undefined): Refusal | undefined {
  if (required === undefined) {
    return { reason: 'forbidden', message: 'This operation declares no role, so nobody may use it' };
  }
  if (!actor) return { reason: 'unauthenticated', message: 'Sign in or send an API key to do this' };
  if (!mayAct(actor.role, required)) {
    return {
      reason: 'forbidden',
      message: `${actor.name} is ${article(actor.role)} ${actor.role}; this needs the ${required} role or higher`,
    };
  }
  return undefined;
}

const article = (role: Role) => (role === 'manager' ? 'a' : 'an');

/**
 * Declares the role each operation of a table needs, checked at compile time to cover every key,
 * e.g. `requiredRoles<keyof typeof routes>({ allocate: 'operator', ... })`.
 */
export const requiredRoles = <K extends string>(table: Record<K, Role>): Readonly<Record<K, Role>> =>
  Object.freeze({ ...table });
