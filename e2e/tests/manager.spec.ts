import { expect, test } from './fixtures';
import { awaitSubscriber } from './support/redis';

// Views are a manager's: a manager reads every one (the data is seeded by an operator).
test.use({ role: 'manager' });

test('stock by SKU lists each batch, warehouse first then by eta', async ({
  stockPage,
  names,
  page,
  seed,
}) => {
  const sku = names.unique('CLOCK');
  const [late, early, warehouse] = [names.unique('late'), names.unique('early'), names.unique('warehouse')];
  await seed.createBatch(late, sku, 30, '2027-05-01');
  await seed.createBatch(early, sku, 20, '2027-01-10');
  await seed.createBatch(warehouse, sku, 10, null);
  await seed.allocate(names.unique('order'), sku, 7);

  await stockPage.goto();
  await expect(page.getByRole('table', { name: 'SKUs' })).toBeVisible();
  await stockPage.sku.fill(sku);
  await stockPage.sku.press('Enter');
  await expect(page).toHaveURL(new RegExp(`sku=${sku}`));
  const stock = stockPage.stockOf(sku);
  await expect
    .poll(async () => (await stock.rows()).map((row) => row.slice(0, 5)))
    .toEqual([
      [warehouse, 'In warehouse', '10', '7', '3'],
      [early, '10 Jan 2027', '20', '0', '20'],
      [late, '01 May 2027', '30', '0', '30'],
    ]);
  expect((await stock.footer()).slice(1, 4)).toEqual(['60', '7', '53']);

  const nothing = names.unique('NOTHING');
  await stockPage.lookUp(nothing);
  await expect(stockPage.notFound(nothing)).toBeVisible();
});

test('order allocations show which batch holds each line of an order', async ({
  ordersPage,
  names,
  seed,
}) => {
  const [chairs, lamps] = [names.unique('CHAIR'), names.unique('LAMP')];
  const [chairBatch, lampBatch] = [names.unique('batch'), names.unique('batch')];
  const orderid = names.unique('order');
  await seed.createBatch(chairBatch, chairs, 10, null);
  await seed.createBatch(lampBatch, lamps, 10, '2027-01-01');
  await seed.allocate(orderid, chairs, 2);
  await seed.allocate(orderid, lamps, 3);

  await ordersPage.goto();
  await ordersPage.lookUp(orderid);
  await expect
    .poll(async () => (await ordersPage.allocationsOf(orderid).rows()).sort())
    .toEqual(
      [
        [chairs, '2', chairBatch],
        [lamps, '3', lampBatch],
      ].sort(),
    );

  const nobody = names.unique('order');
  await ordersPage.lookUp(nobody);
  await expect(ordersPage.neverSeen(nobody)).toBeVisible();
});

test('the batch list filters, sorts and pages on the server', async ({
  batchListPage: list,
  names,
  page,
  seed,
}) => {
  const prefix = names.unique('LIST');
  // 12 batches of two SKUs sharing a prefix no other data has; quantities 1..12; odd ones arrive,
  // even ones are in the warehouse.
  for (let i = 1; i <= 12; i++) {
    const sku = `${prefix}-${i % 2 === 0 ? 'EVEN' : 'ODD'}`;
    await seed.createBatch(
      `${prefix}-B${String(i).padStart(2, '0')}`,
      sku,
      i,
      i % 2 === 0 ? null : `2027-0${(i % 9) + 1}-15`,
    );
  }
  // Use up batch 2 entirely.
  await seed.allocate(names.unique('order'), `${prefix}-EVEN`, 2);

  await list.goto('?size=10');
  await list.skuContains.fill(prefix.toLowerCase());
  await expect(page).toHaveURL(/sku=/);
  await expect(list.range('1–10 of 12')).toBeVisible();
  await expect.poll(async () => (await list.table.rows()).length).toBe(10);

  // Page 2 has the other two.
  await list.toPage(2);
  await expect(list.range('11–12 of 12')).toBeVisible();
  await expect.poll(async () => (await list.table.rows()).length).toBe(2);

  // Sort by available, largest first (sorting goes back to page 1).
  await list.sortBy('Available');
  await expect(page).toHaveURL(/sort=available/);
  await list.sortBy('Available');
  await expect(page).toHaveURL(/sort=available&dir=desc|dir=desc.*sort=available|sort=available.*dir=desc/);
  await expect(list.range('1–10 of 12')).toBeVisible();
  await expect
    .poll(async () => (await list.table.rows()).map((row) => row[5]))
    .toEqual(['12', '11', '10', '9', '8', '7', '6', '5', '4', '3']);

  // Only exhausted batches: the one we used up.
  await list.showStock('Exhausted');
  await expect.poll(async () => (await list.table.rows()).map((row) => row[0])).toEqual([`${prefix}-B02`]);

  // An eta range leaves out warehouse stock.
  await list.showStock('All');
  await list.etaFrom.fill('2027-04-01');
  await list.etaTo.fill('2027-06-30');
  await expect(list.range('1–2 of 2')).toBeVisible();
  await expect
    .poll(async () => (await list.table.rows()).map((row) => row[0]))
    .toEqual([`${prefix}-B05`, `${prefix}-B03`]);
});

test('out-of-stock alerts are listed newest first, filtered by SKU and paged', async ({
  alertsPage: alerts,
  names,
  page,
  seed,
}) => {
  const sku = names.unique('VASE');
  const orders = Array.from({ length: 11 }, () => names.unique('order'));
  await seed.createBatch(names.unique('batch'), sku, 1, null);
  for (const [i, orderid] of orders.entries()) await seed.allocate(orderid, sku, 5 + i);

  await alerts.goto('?size=10');
  await alerts.filter(sku);
  await expect(page).toHaveURL(/sku=/);
  await expect(alerts.range('1–10 of 11')).toBeVisible();
  // Newest first: the last order asked for the most.
  await expect
    .poll(async () => (await alerts.table.rows()).slice(0, 2).map((row) => row.slice(1, 4)))
    .toEqual([
      [sku, orders[10], '15'],
      [sku, orders[9], '14'],
    ]);
  await alerts.toPage(2);
  await expect(alerts.range('11–11 of 11')).toBeVisible();
  await expect
    .poll(async () => (await alerts.table.rows()).map((row) => row.slice(1, 4)))
    .toEqual([[sku, orders[0], '5']]);

  const calm = names.unique('CALM');
  await alerts.filter(calm);
  await expect(page.getByText(`No out-of-stock alerts for ${calm}`)).toBeVisible();
});

test('notifications recorded without SMTP show the out-of-stock message', async ({
  notificationsPage,
  names,
  seed,
}) => {
  const sku = names.unique('STOOL');
  const orderid = names.unique('order');
  await seed.createBatch(names.unique('batch'), sku, 1, null);
  await seed.allocate(orderid, sku, 4);

  await notificationsPage.goto();
  const row = notificationsPage.rowWith(`Out of stock for ${sku}: order ${orderid} asked for 4`);
  // The list refreshes itself every 15 s: give it one refresh.
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText('stock@made.com');
});

test.describe('dead letters', () => {
  // On the suite's own fresh database the empty state is seen before the Redis test below sets
  // letters aside.
  test.describe.configure({ mode: 'serial' });

  test('the dead-letters screen shows its empty state when every message was handled', async ({
    deadLettersPage,
    shell,
    seed,
  }) => {
    const total = await seed.deadLetterTotal();
    test.skip(total > 0, `the instance already holds ${total} dead letter(s): its empty state cannot show`);
    await deadLettersPage.goto();
    await expect(shell.heading('Dead letters')).toBeVisible();
    await expect(deadLettersPage.table.locator).toBeVisible();
    await expect(deadLettersPage.empty).toBeVisible();
  });

  test('malformed change_batch_quantity messages are listed with their error, and later good ones still work', async ({
    deadLettersPage,
    ordersPage,
    names,
    redis,
    seed,
  }, testInfo) => {
    await awaitSubscriber(redis, 'change_batch_quantity', testInfo);

    const sku = names.unique('SHELF');
    const [first, second, orderid] = [names.unique('batch'), names.unique('batch'), names.unique('order')];
    await seed.createBatch(first, sku, 10, null);
    await seed.createBatch(second, sku, 10, '2027-03-01');
    await seed.allocate(orderid, sku, 8);

    const notJson = `{"batchref": "${first}", "qty":`;
    const negative = JSON.stringify({ batchref: first, qty: -4 });
    await redis.publish('change_batch_quantity', notJson);
    await redis.publish('change_batch_quantity', negative);
    await redis.publish('change_batch_quantity', JSON.stringify({ batchref: first, qty: 5 }));

    // Only this test's letters (they name its batch): a shared instance may hold others.
    const ours = async () =>
      (await deadLettersPage.table.rows())
        // Channel, message, error (the state column before them is dead-letters.spec.ts's).
        .map((row) => row.slice(2, 5))
        .filter((row) => row[1]?.includes(first));
    await expect
      .poll(
        async () => {
          await deadLettersPage.goto();
          return ours();
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toHaveLength(2);
    expect(await ours()).toEqual(
      expect.arrayContaining([
        ['Change a batch’s quantity', notJson, expect.stringMatching(/^Malformed JSON: /)],
        ['Change a batch’s quantity', negative, 'Wrong shape: qty must be at least 0'],
      ]),
    );

    // The good message after them was handled: the line no longer fits the first batch and moved.
    await ordersPage.goto(orderid);
    await expect.poll(() => ordersPage.allocationsOf(orderid).rows()).toEqual([[sku, '8', second]]);
  });
});
