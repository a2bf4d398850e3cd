import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { target } from './target';

/** The roles the suite signs in as (the app's roles: manager < operator < admin). */
export const ROLES = ['admin', 'operator', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  readonly role: Role;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/**
 * Who the suite signs in as. On its own server (a fresh database) these defaults are created by the
 * first-run test (the admin) and the roles setup (the others). Against a running instance
 * (E2E_BASE_URL) they come from E2E_<ROLE>_EMAIL and E2E_<ROLE>_PASSWORD: the admin must exist (or the
 * instance must have no user yet, then the first-run test creates it); a missing operator or manager
 * is created by the admin.
 */
export function account(role: Role): Account {
  const prefix = `E2E_${role.toUpperCase()}`;
  const email = process.env[`${prefix}_EMAIL`]?.trim() || `e2e-${role}@example.com`;
  const password = process.env[`${prefix}_PASSWORD`] || `e2e-${role}-password`;
  return { role, name: `E2E ${role}`, email, password };
}

/** Whether the account's details came from the environment (for messages). */
export const fromEnvironment = (role: Role) => !!process.env[`E2E_${role.toUpperCase()}_EMAIL`];

const e2eRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The git-ignored folder of this run's signed-in states (and, on the suite's own server, its API key). */
export const AUTH_DIR = join(e2eRoot, '.auth');

/** The signed-in browser state (session cookie) of a role, written once per run by roles.setup.ts. */
export const storageStateOf = (role: Role) => join(AUTH_DIR, `${role}.json`);

/** Where scripts/serve.mjs leaves the operator API key it created before starting the app. */
export const API_KEY_FILE = join(AUTH_DIR, 'api-key');

/** The app's own origin, as its tRPC Origin check expects it. */
export const appOrigin = new URL(target.baseURL).origin;
