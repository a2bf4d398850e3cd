import { expect, test } from './fixtures';
import { account } from './support/accounts';
import { open } from './support/open';

// Signed out: these tests sign in through the page themselves (the other tests reuse saved sessions).

/** A tRPC query with the page's cookies: 200 signed in, 401 (UNAUTHORIZED) not. */
async function stockQueryStatus(page: import('@playwright/test').Page): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ sku: 'ANY' }));
  return (await page.request.get(`/api/trpc/stock.forSku?input=${input}`)).status();
}

test('a wrong password shows a clear message; the right one signs in', async ({ page }) => {
  const manager = account('manager');
  await open(page, '/sign-in');
  await page.getByLabel('Email').fill(manager.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(`${manager.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const problem = page.getByTestId('sign-in-error');
  await expect(problem).toContainText('That email and password do not match a user.');
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await stockQueryStatus(page)).toBe(401);

  await page.getByRole('textbox', { name: 'Password' }).fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
  await expect(problem).toHaveCount(0);
  expect(await stockQueryStatus(page)).toBe(200);
});

test('signing out returns to the sign-in page, and the pages are no longer reachable', async ({ page }) => {
  const operator = account('operator');
  await open(page, '/sign-in?next=/manager/stock');
  await page.getByLabel('Email').fill(operator.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back where the sign-in page was asked to go.
  await expect(page).toHaveURL((url) => url.pathname === '/manager/stock', { timeout: 30_000 });
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  expect(await stockQueryStatus(page)).toBe(200);

  // The signed-in header's control (built with the header and route protection).
  const signOut = page.getByRole('button', { name: /sign out/i });
  test.fixme(
    !(await signOut.isVisible()),
    'no "Sign out" button in the header: the signed-in header is not part of this build yet',
  );
  await signOut.click();
  await expect(page).toHaveURL(/\/sign-in/, { timeout: 30_000 });
  expect(await stockQueryStatus(page)).toBe(401);

  // Every page now sends you to sign in, coming back afterwards.
  for (const path of ['/operator/allocate', '/manager/stock', '/']) {
    await page.goto(path);
    await expect(page, `${path} signed out`).toHaveURL(/\/sign-in/);
  }
});
