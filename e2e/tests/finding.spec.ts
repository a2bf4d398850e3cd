import { expect, test } from './fixtures';

// Finding things: suggestions as you type, helpful not-found, the sku overview, every line of an
// order, and alerts that are open or resolved (and retried by operators).

test.describe('as an operator', () => {
  test.use({ role: 'operator' });

  test('sku and order fields suggest known names; a refused sku offers the close matches', async ({
    allocatePage,
    names,
    page,
    seed,
  }) => {
    const sku = names.unique('ELEGANT-LAMP');
    const batch = names.unique('batch');
    await seed.createBatch(batch, sku, 10, null);

    await allocatePage.goto();
    await allocatePage.orderId.fill(names.unique('order'));
    // Part of the sku, in lower case: the field suggests it, and keeps what was typed until one is picked.
    const part = sku.slice(0, -3).toLowerCase();
    await allocatePage.sku.fill(part);
    const option = page.getByRole('option', { name: sku, exact: true });
    await expect(option).toBeVisible();
    await expect(allocatePage.sku).toHaveValue(part);
    await allocatePage.sku.press('ArrowDown');
    await allocatePage.sku.press('Enter');
    await expect(allocatePage.sku).toHaveValue(sku);
    await allocatePage.quantity.fill('2');
    await allocatePage.submit.click();
    await expect(allocatePage.outcome).toContainText(`Allocated to batch ${batch}`);

    // The sku in the wrong case is refused by the server, and the field offers the right one.
    await allocatePage.allocate({ orderid: names.unique('order'), sku: sku.toLowerCase(), qty: 1 });
    await expect(allocatePage.form.getByText(`Invalid sku ${sku.toLowerCase()}`)).toBeVisible();
    await allocatePage.form.getByRole('button', { name: `Use ${sku}` }).click();
    await expect(allocatePage.sku).toHaveValue(sku);
    await allocatePage.submit.click();
    await expect(allocatePage.outcome).toContainText(`Allocated to batch ${batch}`);
  });

  test('an open alert can be retried from the list, and is resolved once allocated', async ({
    alertsPage,
    names,
    page,
    seed,
  }) => {
    const sku = names.unique('RUG');
    const batch = names.unique('batch');
    const orderid = names.unique('order');
    await seed.createBatch(batch, sku, 1, null);
    await seed.allocate(orderid, sku, 5);

    await alertsPage.goto(`?sku=${encodeURIComponent(sku)}&state=open`);
    await expect.poll(async () => (await alertsPage.table.rows()).length).toBe(1);
    // Still out of stock: the row says so, and the alert stays open (the retry's own alert joins it).
    await alertsPage.retry(sku, orderid).click();
    const said = (text: string) => page.getByTestId('alert-retry-outcome').filter({ hasText: text });
    await expect(said('Still out of stock')).toBeVisible();
    await expect.poll(async () => (await alertsPage.table.rows()).length).toBe(2);

    await seed.changeQuantity(batch, 10);
    await alertsPage.goto(`?sku=${encodeURIComponent(sku)}`);
    await alertsPage.retry(sku, orderid).first().click();
    await expect(said(`Allocated to ${batch}`)).toBeVisible();
    // Allocated now: both of its alerts are resolved, and none is open.
    await expect
      .poll(async () => (await alertsPage.table.rows()).map((row) => row[4]?.slice(0, 8)))
      .toEqual(['Resolved', 'Resolved']);
    await alertsPage.showState('Open');
    await expect(page.getByText(`No open out-of-stock alerts for ${sku}`)).toBeVisible();
  });
});

test.describe('as a manager', () => {
  test.use({ role: 'manager' });

  test('a manager sees the alerts but no retry', async ({ alertsPage, names, seed }) => {
    const sku = names.unique('RUG');
    const orderid = names.unique('order');
    await seed.createBatch(names.unique('batch'), sku, 1, null);
    await seed.allocate(orderid, sku, 5);
    await alertsPage.goto(`?sku=${encodeURIComponent(sku)}`);
    await expect.poll(async () => (await alertsPage.table.rows()).length).toBe(1);
    await expect(alertsPage.retry(sku, orderid)).toHaveCount(0);
    await expect(alertsPage.page.getByRole('columnheader', { name: 'Retry' })).toHaveCount(0);
  });

  test('the sku overview searches, sorts and pages on the server, and links to each stock', async ({
    skuListPage: list,
    stockPage,
    names,
    page,
    seed,
  }) => {
    const prefix = names.unique('OVERVIEW');
    // 11 skus, sku i with i units in one batch; the last is on its way.
    for (let i = 1; i <= 11; i++) {
      const sku = `${prefix}-${String(i).padStart(2, '0')}`;
      await seed.createBatch(`${sku}-B`, sku, i, i === 11 ? '2027-03-01' : null);
    }
    await seed.allocate(names.unique('order'), `${prefix}-03`, 2);

    await list.goto('?size=10');
    await list.search.fill(prefix.toLowerCase());
    await expect(page).toHaveURL(/q=/);
    await expect(list.range('1–10 of 11')).toBeVisible();
    await list.sortBy('Available');
    await list.sortBy('Available');
    await expect(page).toHaveURL(/dir=desc/);
    await expect
      .poll(async () => (await list.table.rows()).map((row) => row[3]))
      .toEqual(['11', '10', '9', '8', '7', '6', '5', '4', '2', '1']);
    await list.toPage(2);
    await expect(list.range('11–11 of 11')).toBeVisible();
    expect((await list.table.rows())[0]?.slice(0, 6)).toEqual([`${prefix}-03`, '3', '2', '1', '1', '—']);

    await page.getByRole('link', { name: `${prefix}-03`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/manager/stock\\?sku=${prefix}-03`));
    await expect.poll(async () => (await stockPage.stockOf(`${prefix}-03`).rows()).length).toBe(1);

    // Stock by SKU starts from the overview; a sku nobody stocked says so and offers close matches.
    await stockPage.goto();
    await expect(page.getByRole('table', { name: 'SKUs' })).toBeVisible();
    await stockPage.lookUp(`${prefix}-03`.toLowerCase());
    await expect(stockPage.notFound(`${prefix}-03`.toLowerCase())).toContainText(`Did you mean ${prefix}-03`);
    await stockPage
      .notFound(`${prefix}-03`.toLowerCase())
      .getByRole('link', { name: `${prefix}-03` })
      .click();
    await expect.poll(async () => (await stockPage.stockOf(`${prefix}-03`).rows()).length).toBe(1);
  });

  test('the order view lists lines out of stock or cancelled too; an order never seen says so', async ({
    ordersPage,
    names,
    seed,
  }) => {
    const [chairs, rugs] = [names.unique('CHAIR'), names.unique('RUG')];
    const chairBatch = names.unique('batch');
    const orderid = names.unique('order');
    await seed.createBatch(chairBatch, chairs, 10, null);
    await seed.createBatch(names.unique('batch'), rugs, 1, null);
    await seed.allocate(orderid, chairs, 2);
    await seed.allocate(orderid, rugs, 4);

    await ordersPage.goto(orderid);
    await expect
      .poll(async () => (await ordersPage.linesOf(orderid).rows()).map((row) => row.slice(0, 4)))
      .toEqual([
        [chairs, '2', 'Allocated', chairBatch],
        [rugs, '4', 'Out of stock', '—'],
      ]);

    const nobody = names.unique('order');
    await ordersPage.lookUp(nobody);
    await expect(ordersPage.neverSeen(nobody)).toBeVisible();
  });
});
