import { expect, test } from './fixtures';
import { ActivityPage } from './pages/activity-page';
import { account } from './support/accounts';

test.use({ role: 'operator' });

test('the activity view shows who allocated an order, and the order page links to it', async ({
  page,
  allocatePage,
  ordersPage,
  names,
  seed,
}) => {
  const operator = account('operator');
  const sku = names.unique('LAMP');
  const batch = names.unique('batch');
  const orderid = names.unique('order');
  await seed.createBatch(batch, sku, 10, null);

  await allocatePage.goto();
  await allocatePage.allocate({ orderid, sku, qty: 3 });
  await expect(allocatePage.outcome).toContainText(batch);

  // From the order's page to its history.
  await ordersPage.goto(orderid);
  await page.getByRole('link', { name: `Activity of order ${orderid}` }).click();
  const activity = new ActivityPage(page);
  await expect(page).toHaveURL(/\/manager\/activity\?order=/);
  await expect(activity.orderId).toHaveValue(orderid);
  await expect.poll(() => activity.rows()).toHaveLength(1);
  const [row] = await activity.rows();
  expect(row).toContain(operator.name);
  expect(row).toContain('Allocate');
  expect(row).toContain(`Allocated to batch ${batch}`);

  // The batch's history holds its creation and the allocation, newest first.
  await activity.goto({ batchref: batch });
  await expect.poll(async () => (await activity.rows()).length).toBe(2);
  const rows = await activity.rows();
  expect(rows[0]).toContain(`orderid ${orderid}`);
  expect(rows[1]).toContain('Add batch');

  // Filtering by who did it keeps what was typed and finds the same allocation.
  await activity.goto({ orderid });
  await activity.who.fill(` ${operator.name.toLowerCase()} `);
  await activity.filter.click();
  await expect(page).toHaveURL(/actor=/);
  await expect(activity.who).toHaveValue(` ${operator.name.toLowerCase()} `);
  await expect.poll(() => activity.rows()).toHaveLength(1);
});
