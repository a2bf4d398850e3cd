import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';

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
  await page.goto('/sign-in');
  // The sign-in page marks no hydration: wait until its scripts have loaded before typing.
  await page.waitForLoadState('networkidle');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
