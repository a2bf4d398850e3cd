import { expect, test } from '@playwright/test';
import Redis from 'ioredis';
import { api, rows, unique } from './support';

test('stock by SKU lists each batch, warehouse first then by eta', async ({ page, request }) => {
  const sku = unique('CLOCK');
  const [late, early, warehouse] = [unique('late'), unique('early'), unique('warehouse')];
  const seed = api(request);
  await seed.createBatch(late, sku, 30, '2027-05-01');
  await seed.createBatch(early, sku, 20, '2027-01-10');
  await seed.createBatch(warehouse, sku, 10, null);
  await seed.allocate(unique('order'), sku, 7);

  await page.goto('/manager/stock');
  await expect(page.getByText('Which SKU?')).toBeVisible();
  await page.getByLabel('SKU', { exact: true }).fill(sku);
  await page.getByLabel('SKU', { exact: true }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`sku=${sku}`));
  await expect
    .poll(async () => (await rows(page, `Stock of ${sku}`)).map((row) => row.slice(0, 5)))
    .toEqual([
      [warehouse, 'In warehouse', '10', '7', '3'],
      [early, '10 Jan 2027', '20', '0', '20'],
      [late, '01 May 2027', '30', '0', '30'],
    ]);
  const totals = await page
    .getByRole('table', { name: `Stock of ${sku}` })
    .locator('tfoot th')
    .evaluateAll((cells) => cells.map((cell) => (cell.textContent ?? '').trim()));
  expect(totals.slice(1, 4)).toEqual(['60', '7', '53']);

  await page.getByLabel('SKU', { exact: true }).fill(unique('NOTHING'));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText(/^No batches of /)).toBeVisible();
});

test('order allocations show which batch holds each line of an order', async ({ page, request }) => {
  const [chairs, lamps] = [unique('CHAIR'), unique('LAMP')];
  const [chairBatch, lampBatch] = [unique('batch'), unique('batch')];
  const orderid = unique('order');
  const seed = api(request);
  await seed.createBatch(chairBatch, chairs, 10, null);
  await seed.createBatch(lampBatch, lamps, 10, '2027-01-01');
  await seed.allocate(orderid, chairs, 2);
  await seed.allocate(orderid, lamps, 3);

  await page.goto('/manager/orders');
  await page.getByLabel('Order id', { exact: true }).fill(orderid);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect
    .poll(async () => (await rows(page, `Allocations of order ${orderid}`)).sort())
    .toEqual(
      [
        [chairs, '2', chairBatch],
        [lamps, '3', lampBatch],
      ].sort(),
    );

  const nobody = unique('order');
  await page.getByLabel('Order id', { exact: true }).fill(nobody);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText(`Order ${nobody} has no allocations`)).toBeVisible();
});

test('the batch list filters, sorts and pages on the server', async ({ page, request }) => {
  const prefix = unique('LIST');
  const seed = api(request);
  // 12 batches of two SKUs sharing a prefix; quantities 1..12; odd ones arrive, even ones are in the warehouse.
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
  await seed.allocate(unique('order'), `${prefix}-EVEN`, 2);

  await page.goto('/manager/batches?size=10');
  const table = page.getByRole('table', { name: 'Batches' });
  await page.getByLabel('SKU contains').fill(prefix.toLowerCase());
  await expect(page).toHaveURL(/sku=/);
  await expect(page.getByText('1–10 of 12')).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(10);

  // Page 2 has the other two.
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page.getByText('11–12 of 12')).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(2);

  // Sort by available, largest first (sorting goes back to page 1).
  await table.getByRole('button', { name: /^Available/ }).click();
  await expect(page).toHaveURL(/sort=available/);
  await table.getByRole('button', { name: /^Available/ }).click();
  await expect(page).toHaveURL(/sort=available&dir=desc|dir=desc.*sort=available|sort=available.*dir=desc/);
  await expect(page.getByText('1–10 of 12')).toBeVisible();
  await expect
    .poll(async () => (await rows(page, 'Batches')).map((row) => row[5]))
    .toEqual(['12', '11', '10', '9', '8', '7', '6', '5', '4', '3']);

  // Only exhausted batches: the one we used up.
  await page.getByText('Exhausted', { exact: true }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect.poll(async () => (await rows(page, 'Batches'))[0]?.[0]).toBe(`${prefix}-B02`);

  // An eta range leaves out warehouse stock.
  await page.getByText('All', { exact: true }).click();
  await page.getByLabel('ETA from').fill('2027-04-01');
  await page.getByLabel('ETA to').fill('2027-06-30');
  await expect(page.getByText('1–2 of 2')).toBeVisible();
  await expect
    .poll(async () => (await rows(page, 'Batches')).map((row) => row[0]))
    .toEqual([`${prefix}-B05`, `${prefix}-B03`]);
});

test('out-of-stock alerts are listed newest first, filtered by SKU and paged', async ({ page, request }) => {
  const sku = unique('VASE');
  const orders = Array.from({ length: 11 }, () => unique('order'));
  const seed = api(request);
  await seed.createBatch(unique('batch'), sku, 1, null);
  for (const [i, orderid] of orders.entries()) await seed.allocate(orderid, sku, 5 + i);

  await page.goto('/manager/alerts?size=10');
  await page.getByLabel('SKU', { exact: true }).fill(sku);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/sku=/);
  await expect(page.getByText('1–10 of 11')).toBeVisible();
  // Newest first: the last order asked for the most.
  await expect
    .poll(async () => (await rows(page, 'Out-of-stock alerts')).slice(0, 2).map((row) => row.slice(1)))
    .toEqual([
      [sku, orders[10], '15'],
      [sku, orders[9], '14'],
    ]);
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page.getByText('11–11 of 11')).toBeVisible();
  await expect
    .poll(async () => (await rows(page, 'Out-of-stock alerts')).map((row) => row.slice(1)))
    .toEqual([[sku, orders[0], '5']]);

  await page.getByLabel('SKU', { exact: true }).fill(unique('CALM'));
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText(/^No out-of-stock alerts for /)).toBeVisible();
});

test('notifications recorded without SMTP show the out-of-stock message', async ({ page, request }) => {
  const sku = unique('STOOL');
  const orderid = unique('order');
  const seed = api(request);
  await seed.createBatch(unique('batch'), sku, 1, null);
  await seed.allocate(orderid, sku, 4);

  await page.goto('/manager/notifications');
  const row = page
    .getByRole('table', { name: 'Recorded notifications' })
    .getByRole('row')
    .filter({ hasText: `Out of stock for ${sku}: order ${orderid} asked for 4` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('stock@made.com');
});

test.describe('dead letters', () => {
  // The empty state must be seen before the Redis test below sets letters aside in this run's database.
  test.describe.configure({ mode: 'serial' });

  test('the dead-letters screen shows its empty state when every message was handled', async ({ page }) => {
    await page.goto('/manager/dead-letters');
    await expect(page.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Dead letters' })).toBeVisible();
    await expect(page.getByText('No dead letters: every message was handled')).toBeVisible();
  });

  test('malformed change_batch_quantity messages are listed with their error, and later good ones still work', async ({
    page,
    request,
  }) => {
    const redisUrl = process.env.REDIS_URL;
    test.skip(!redisUrl, 'REDIS_URL is unset: the app runs without a worker, so no message can reach it');
    const redis = new Redis(redisUrl as string, { maxRetriesPerRequest: 2 });
    try {
      // Pub/sub drops messages nobody listens to: wait for the worker's subscription.
      await expect
        .poll(async () => Number((await redis.pubsub('NUMSUB', 'change_batch_quantity'))[1]), {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);

      const sku = unique('SHELF');
      const [first, second, orderid] = [unique('batch'), unique('batch'), unique('order')];
      const seed = api(request);
      await seed.createBatch(first, sku, 10, null);
      await seed.createBatch(second, sku, 10, '2027-03-01');
      await seed.allocate(orderid, sku, 8);

      const notJson = `{"batchref": "${first}", "qty":`;
      const negative = JSON.stringify({ batchref: first, qty: -4 });
      await redis.publish('change_batch_quantity', notJson);
      await redis.publish('change_batch_quantity', negative);
      await redis.publish('change_batch_quantity', JSON.stringify({ batchref: first, qty: 5 }));

      await expect
        .poll(
          async () => {
            await page.goto('/manager/dead-letters');
            return (await rows(page, 'Dead letters')).map((row) => row.slice(1));
          },
          { timeout: 20_000, intervals: [500] },
        )
        .toHaveLength(2);
      expect((await rows(page, 'Dead letters')).map((row) => row.slice(1))).toEqual(
        expect.arrayContaining([
          ['change_batch_quantity', notJson, expect.stringMatching(/^Malformed JSON: /)],
          ['change_batch_quantity', negative, 'Wrong shape: qty must be at least 0'],
        ]),
      );

      // The good message after them was handled: the line no longer fits the first batch and moved.
      await page.goto(`/manager/orders?orderid=${encodeURIComponent(orderid)}`);
      await expect
        .poll(async () => rows(page, `Allocations of order ${orderid}`))
        .toEqual([[sku, '8', second]]);
    } finally {
      redis.disconnect();
    }
  });
});
