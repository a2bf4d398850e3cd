import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { open } from './open';

export type Role = 'manager' | 'operator' | 'admin';

/**
 * Who signs in for a role: E2E_<ROLE>_EMAIL / _PASSWORD / _NAME, by default the demo users that
 * `pnpm demo:seed` creates (`operator@demo.example`, "Demo operator", …).
 */
export function credentialsOf(role: Role) {
  const env = (key: string) => process.env[`E2E_${role.toUpperCase()}_${key}`];
  return {
    email: env('EMAIL') ?? `${role}@demo.example`,
    password: env('PASSWORD') ?? `${role}-demo-password`,
    name: env('NAME') ?? `Demo ${role}`,
  };
}

/** A signed-in state saved by a role fixture (`e2e/.auth/<role>.json`), when one exists. */
export function storageStateOf(role: Role): string | undefined {
  const path = new URL(`../../.auth/${role}.json`, import.meta.url).pathname;
  return existsSync(path) ? path : undefined;
}

/** Signs in through the sign-in page, as a person would, and waits to leave it. */
export async function signIn(page: Page, role: Role): Promise<void> {
  const { email, password } = credentialsOf(role);
  await open(page, '/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
