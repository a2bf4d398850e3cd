import type { APIRequestContext } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { restClient } from './support/rest';

const test = base.extend<{ rest: APIRequestContext; dashboardPage: DashboardPage }>({
  rest: async ({ playwright, baseURL }, use, testInfo) => {
    const rest = await restClient(playwright, baseURL, testInfo);
    if (!rest) return;
    try {
      await use(rest);
    } finally {
      await rest.dispose();
    }
  },
  dashboardPage: async ({ page }, use) => use(new DashboardPage(page)),
});

test.use({ role: 'manager' });

// Other tests change stock at the same time: figures are compared as "at least", the sku is ours alone.
test('the dashboard shows a change another system made through REST', async ({
  dashboardPage,
  names,
  rest,
  page,
}) => {
  await dashboardPage.goto('period=24h');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 2 })).toBeVisible();
  const allocationsBefore = await dashboardPage.figure('Allocations');

  const sku = names.unique('DASH-LAMP');
  const batch = names.unique('batch');
  expect(
    (await rest.post('/api/add_batch', { data: { ref: batch, sku, qty: 10, eta: null } })).status(),
  ).toBe(201);
  const allocated = await rest.post('/api/allocate', {
    data: { orderid: names.unique('order'), sku, qty: 7 },
  });
  expect(allocated.status()).toBe(202);

  await page.reload();
  await expect.poll(() => dashboardPage.figure('Allocations')).toBeGreaterThanOrEqual(allocationsBefore + 1);

  // The sku's stock over time: its one batch, 3 units left at the end of the period.
  await dashboardPage.showSku(sku);
  await expect(page).toHaveURL(new RegExp(`sku=${encodeURIComponent(sku)}`));
  await expect(dashboardPage.skuChart).toContainText(`${sku}Available units per batch, by the hour (UTC)`);
  await expect(dashboardPage.skuChart).toContainText('1 batches; 3 units available at the end of the period');
  await expect(dashboardPage.skuChart.getByText(batch)).toBeVisible();

  // A period that breaks the rules is refused beside its field, and nothing is asked.
  await dashboardPage.goto('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
  await expect(page.getByText('The end of the time range must not be before its start')).toBeVisible();
});
