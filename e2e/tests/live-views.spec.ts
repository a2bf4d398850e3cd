import { expect, test } from './fixtures';
import { OrdersPage } from './pages/orders-page';

// Live views: a manager's open pages follow what others change (here an operator's allocation from
// another browser context), within 2 s, without reloading; the shell says the connection is live.
test.use({ role: 'manager' });

test('open views update by themselves when someone else allocates', async ({
  stockPage,
  names,
  page,
  context,
  seed,
}) => {
  const sku = names.unique('LIVE');
  const batch = names.unique('batch');
  const orderid = names.unique('order');
  await seed.createBatch(batch, sku, 10, null);

  await stockPage.goto(sku);
  const stock = stockPage.stockOf(sku);
  await expect
    .poll(async () => (await stock.rows()).map((row) => row.slice(0, 5)))
    .toEqual([[batch, 'In warehouse', '10', '0', '10']]);
  const ordersPage = new OrdersPage(await context.newPage());
  await ordersPage.goto(orderid);
  await expect(ordersPage.neverSeen(orderid)).toBeVisible();
  for (const open of [page, ordersPage.page]) {
    await expect(open.getByTestId('live-status')).toHaveText('Live', { timeout: 10_000 });
    // Marks this document: a reload would lose it.
    await open.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
  }

  await seed.allocate(orderid, sku, 3);

  await expect
    .poll(async () => (await stock.rows()).map((row) => row.slice(0, 5)), { timeout: 2_000 })
    .toEqual([[batch, 'In warehouse', '10', '3', '7']]);
  await expect
    .poll(() => ordersPage.allocationsOf(orderid).rows(), { timeout: 2_000 })
    .toEqual([[sku, '3', batch]]);
  for (const open of [page, ordersPage.page]) {
    expect(await open.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
  }
});
