import { expect, test } from './fixtures';
import { expectAccessible } from './support/accessibility';
import { open } from './support/open';

// Every screen, each once with data in it (tables, badges, totals, outcomes): axe finds nothing
// wrong with a table that is not there. Serious or critical violations fail the test.
test.describe('accessibility (axe), operator screens', () => {
  // axe reads the whole page: slow on a busy machine.
  test.describe.configure({ timeout: 120_000 });
  // Each screen as the role that works on it: operators the commands, managers the views.
  test.use({ role: 'operator' });

  test('allocate', async ({ allocatePage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    await seed.createBatch(names.unique('batch'), sku, 10, null);
    await allocatePage.goto();
    await allocatePage.allocate({ orderid: names.unique('order'), sku, qty: 1 });
    await allocatePage.stockOf(sku).rows();
    await expectAccessible(allocatePage.page, testInfo, 'allocate, allocated');
  });

  test('batches', async ({ batchesPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    const [ref, other] = [names.unique('batch'), names.unique('batch')];
    await seed.createBatch(ref, sku, 10, null);
    await seed.createBatch(other, sku, 10, '2027-04-01');
    await seed.allocate(names.unique('order'), sku, 6);
    await batchesPage.goto();
    await batchesPage.addBatch({ ref: names.unique('batch'), sku, qty: 5, eta: '' });
    await batchesPage.stockOf(sku).rows();
    await batchesPage.changeQuantity(ref, 1);
    await batchesPage.movedLines.rows();
    await expectAccessible(batchesPage.page, testInfo, 'batches, added and changed');
  });

  test('deallocate', async ({ deallocatePage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    const orderid = names.unique('order');
    await seed.createBatch(names.unique('batch'), sku, 10, null);
    await seed.allocate(orderid, sku, 2);
    await deallocatePage.goto();
    await deallocatePage.orderId.fill(orderid);
    await deallocatePage.linesOf(orderid).rows();
    await expectAccessible(deallocatePage.page, testInfo, 'deallocate, the order’s lines');
  });
});

test.describe('accessibility (axe), manager views', () => {
  test.describe.configure({ timeout: 120_000 });
  test.use({ role: 'manager' });

  test('stock by SKU', async ({ stockPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    await seed.createBatch(names.unique('batch'), sku, 2, null);
    await seed.createBatch(names.unique('batch'), sku, 5, '2027-04-01');
    await seed.allocate(names.unique('order'), sku, 2);
    await stockPage.goto(sku);
    await stockPage.stockOf(sku).rows();
    await expectAccessible(stockPage.page, testInfo, 'stock of a sku');
  });

  test('order allocations', async ({ ordersPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    const orderid = names.unique('order');
    await seed.createBatch(names.unique('batch'), sku, 5, null);
    await seed.allocate(orderid, sku, 2);
    await ordersPage.goto(orderid);
    await ordersPage.allocationsOf(orderid).rows();
    await expectAccessible(ordersPage.page, testInfo, 'order allocations');
  });

  test('batch list', async ({ batchListPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    await seed.createBatch(names.unique('batch'), sku, 2, null);
    await seed.createBatch(names.unique('batch'), sku, 5, '2027-04-01');
    await seed.allocate(names.unique('order'), sku, 2);
    await batchListPage.goto(`?sku=${encodeURIComponent(sku)}`);
    await expect(batchListPage.range('1–2 of 2')).toBeVisible({ timeout: 30_000 });
    await expectAccessible(batchListPage.page, testInfo, 'batch list');
  });

  test('out-of-stock alerts', async ({ alertsPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    await seed.createBatch(names.unique('batch'), sku, 1, null);
    await seed.allocate(names.unique('order'), sku, 5);
    await alertsPage.goto(`?sku=${encodeURIComponent(sku)}`);
    await expect(alertsPage.range('1–1 of 1')).toBeVisible({ timeout: 30_000 });
    await expectAccessible(alertsPage.page, testInfo, 'alerts');
  });

  test('notifications', async ({ notificationsPage, names, seed }, testInfo) => {
    const sku = names.unique('AXE');
    await seed.createBatch(names.unique('batch'), sku, 1, null);
    await seed.allocate(names.unique('order'), sku, 5);
    await notificationsPage.goto();
    await expect(notificationsPage.rowWith(sku)).toHaveCount(1, { timeout: 30_000 });
    await expectAccessible(notificationsPage.page, testInfo, 'notifications');
  });

  test('dead letters', async ({ deadLettersPage }, testInfo) => {
    await deadLettersPage.goto();
    await expect(deadLettersPage.table.locator).toBeVisible();
    await expectAccessible(deadLettersPage.page, testInfo, 'dead letters');
  });

  test('a page that does not exist', async ({ page }, testInfo) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expectAccessible(page, testInfo, 'not found');
  });
});

test.describe('accessibility (axe), signed out', () => {
  test.describe.configure({ timeout: 120_000 });

  test('sign in', async ({ page }, testInfo) => {
    await open(page, '/sign-in');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(page, testInfo, 'sign in');
  });

  test('first-run setup, once done', async ({ page }, testInfo) => {
    await open(page, '/setup');
    await expect(page.getByTestId('setup-done')).toBeVisible();
    await expectAccessible(page, testInfo, 'setup done');
  });
});
