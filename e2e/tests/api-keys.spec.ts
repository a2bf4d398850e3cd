import { request as apiRequest } from '@playwright/test';
import { expect, test } from './fixtures';
import { target } from './support/target';

// An admin makes a key for another system in the app; the system's REST calls work with it, and stop
// (401) the moment the admin revokes it.
test.use({ role: 'admin' });

test('an admin creates an API key that REST accepts, and after revoking it REST answers 401', async ({
  page,
  names,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('signed-in-role')).toHaveText('admin');

  await page
    .getByRole('navigation', { name: 'Admin' })
    .getByRole('link', { name: /API keys/ })
    .click();
  await expect(page.getByRole('heading', { name: 'API keys', exact: true })).toBeVisible();
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

  const name = names.unique('e2e-reader').toLowerCase();
  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Name').fill(name);
  // Role: manager (the form's default), which may read GET routes.
  await expect(form.getByRole('combobox', { name: 'Role' })).toHaveValue('manager');
  await form.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByTestId('new-api-key-value');
  await expect(shown).toHaveText(/^alloc_\S+$/);
  const key = (await shown.textContent())?.trim() ?? '';
  await expect(page.getByRole('button', { name: 'Copy key' })).toBeVisible();

  const row = page.getByTestId('api-key-list').getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Active');

  // Another system: its own HTTP client, no browser cookies.
  const system = await apiRequest.newContext({ baseURL: target.baseURL });
  try {
    const orderid = names.unique('no-such-order');
    const lookUp = (headers: Record<string, string>) =>
      system.get(`/api/allocations/${encodeURIComponent(orderid)}`, { headers });

    // Past authentication: an order without allocations is a 404 with a message, not a 401/403.
    const withKey = await lookUp({ authorization: `Bearer ${key}` });
    expect(withKey.status()).toBe(404);
    expect(await withKey.json()).toHaveProperty('message');
    expect((await lookUp({})).status()).toBe(401);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke the API key “${name}”?` });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText('Revoked');

    const revoked = await lookUp({ authorization: `Bearer ${key}` });
    expect(revoked.status()).toBe(401);
    expect((await revoked.json()).message).toEqual(expect.any(String));
  } finally {
    await system.dispose();
  }
});
