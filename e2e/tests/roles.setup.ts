import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, test as setup } from '@playwright/test';
import {
  type Account,
  AUTH_DIR,
  account,
  appOrigin,
  fromEnvironment,
  ROLES,
  type Role,
  storageStateOf,
} from './support/accounts';
import { target } from './support/target';

// One signed-in state per role, made once per run (project `roles`, after `first-run`): tests reuse the
// session cookie in .auth/<role>.json instead of signing in themselves. Through the API: the sign-in
// page has its own test.

/**
 * better-auth allows 3 sign-ins per 10 s from one address (its default rule for /sign-in); the suite
 * signs in from one address, so a refusal (429) is waited out as the reply says, then tried again.
 */
const SIGN_IN_WINDOW_MS = 10_000;

async function signIn(request: APIRequestContext, who: Account): Promise<{ ok: boolean; detail: string }> {
  for (let attempt = 1; ; attempt++) {
    const response = await request.post('/api/auth/sign-in/email', {
      data: { email: who.email, password: who.password },
      headers: { origin: appOrigin },
    });
    if (response.status() === 429 && attempt < 4) {
      const seconds = Number(response.headers()['x-retry-after'] ?? response.headers()['retry-after'] ?? 10);
      await new Promise((resolve) => setTimeout(resolve, (Math.min(seconds, 30) + 0.5) * 1000));
      continue;
    }
    return { ok: response.ok(), detail: `${response.status()} ${await response.text()}` };
  }
}

async function roleOf(request: APIRequestContext): Promise<string | undefined> {
  const response = await request.get('/api/auth/get-session');
  return ((await response.json()) as { user?: { role?: string } } | null)?.user?.role;
}

setup('sign in once as admin, operator and manager', async ({ playwright }) => {
  mkdirSync(AUTH_DIR, { recursive: true });
  const contextOf = () => playwright.request.newContext({ baseURL: target.baseURL });

  const admin = account('admin');
  const adminRequest = await contextOf();
  try {
    const signedIn = await signIn(adminRequest, admin);
    expect(
      signedIn.ok,
      `signing in as the admin ${admin.email} failed (${signedIn.detail})` +
        (target.managed ? '' : ': set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD to an admin of this instance'),
    ).toBe(true);
    expect(await roleOf(adminRequest), `${admin.email} is not an admin`).toBe('admin');
    await adminRequest.storageState({ path: storageStateOf('admin') });

    for (const role of ROLES.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin')) {
      const who = account(role);
      const request = await contextOf();
      try {
        // On the suite's own fresh database nobody but the admin exists yet: no sign-in to try first.
        let attempt = target.managed ? { ok: false, detail: 'a fresh database' } : await signIn(request, who);
        if (!attempt.ok) {
          // Missing (always so on the suite's fresh database): the admin creates it.
          const created = await adminRequest.post('/api/auth/admin/create-user', {
            data: { email: who.email, password: who.password, name: who.name, role },
            headers: { origin: appOrigin },
          });
          expect(
            created.ok(),
            `signing in as ${who.email} failed (${attempt.detail}) and creating that ${role} failed too ` +
              `(${created.status()} ${await created.text()})` +
              (fromEnvironment(role) ? '' : `: set E2E_${role.toUpperCase()}_EMAIL and _PASSWORD`),
          ).toBe(true);
          attempt = await signIn(request, who);
        }
        expect(attempt.ok, `signing in as the ${role} ${who.email}: ${attempt.detail}`).toBe(true);
        expect(await roleOf(request), `${who.email} should have the role ${role}`).toBe(role);
        await request.storageState({ path: storageStateOf(role) });
      } finally {
        await request.dispose();
      }
    }
  } finally {
    await adminRequest.dispose();
  }
  // Leave the sign-in window free for the tests that sign in through the page (sign-in.spec.ts).
  await new Promise((resolve) => setTimeout(resolve, SIGN_IN_WINDOW_MS + 500));
});
