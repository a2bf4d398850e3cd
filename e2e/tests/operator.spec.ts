import { expect, test } from '@playwright/test';
import { api, rows, unique } from './support';

test('an operator creates a batch and sees it in the stock of its SKU', async ({ page }) => {
  const sku = unique('CHAIR');
  const ref = unique('batch');
  await page.goto('/operator/batches');
  const form = page.getByRole('form', { name: 'Add a batch' });
  await form.getByLabel('Batch reference').fill(ref);
  await form.getByLabel('SKU').fill(sku);
  await form.getByLabel('Quantity').fill('120');
  await form.getByLabel('ETA').fill('2027-03-14');
  await form.getByRole('button', { name: 'Add batch' }).click();

  const created = page.getByTestId('batch-created');
  await expect(created).toContainText(`Batch ${ref} added: 120 × ${sku}, arriving 14 Mar 2027.`);
  await expect
    .poll(() => rows(page, `Stock of ${sku}`))
    .toEqual([[ref, '14 Mar 2027', '120', '0', '120', '']]);

  // Warehouse stock: no eta.
  const warehouse = unique('batch');
  await form.getByLabel('Batch reference').fill(warehouse);
  await form.getByLabel('ETA').fill('');
  await form.getByRole('button', { name: 'Add batch' }).click();
  await expect(created).toContainText(`Batch ${warehouse} added: 120 × ${sku}, in the warehouse.`);
  await expect(page.getByRole('table', { name: `Stock of ${sku}` }).locator('tbody tr')).toHaveCount(2);
  await expect
    .poll(async () => (await rows(page, `Stock of ${sku}`)).map((row) => row.slice(0, 2)))
    .toEqual([
      [warehouse, 'In warehouse'],
      [ref, '14 Mar 2027'],
    ]);
});

test('allocating picks warehouse stock first, then the earliest eta', async ({ page, request }) => {
  const sku = unique('LAMP');
  const [later, sooner, warehouse] = [unique('later'), unique('sooner'), unique('warehouse')];
  const seed = api(request);
  await seed.createBatch(later, sku, 100, '2027-06-01');
  await seed.createBatch(sooner, sku, 100, '2027-02-01');
  await seed.createBatch(warehouse, sku, 5, null);

  await page.goto('/operator/allocate');
  const form = page.getByRole('form', { name: 'Allocate an order line' });
  const allocate = async (orderid: string, qty: number) => {
    await form.getByLabel('Order id').fill(orderid);
    await form.getByLabel('SKU').fill(sku);
    await form.getByLabel('Quantity').fill(String(qty));
    await form.getByRole('button', { name: 'Allocate' }).click();
  };

  const first = unique('order');
  await allocate(first, 5);
  await expect(page.getByTestId('allocation-outcome')).toContainText(`Allocated to batch ${warehouse}`);
  await expect(page.getByTestId('allocation-outcome')).toContainText(`5 × ${sku} for order ${first}`);

  // The warehouse batch is now used up: the next line goes to the batch arriving soonest.
  const second = unique('order');
  await allocate(second, 5);
  await expect(page.getByTestId('chosen-batch')).toHaveText(sooner);
  await expect
    .poll(async () => (await rows(page, `Stock of ${sku}`)).map((row) => [row[0], row[3], row[4]]))
    .toEqual([
      [warehouse, '5', '0'],
      [sooner, '5', '95'],
      [later, '0', '100'],
    ]);
});

test('allocating an unknown SKU shows its error beside the SKU', async ({ page }) => {
  const sku = unique('GHOST');
  await page.goto('/operator/allocate');
  const form = page.getByRole('form', { name: 'Allocate an order line' });
  await form.getByLabel('Order id').fill(unique('order'));
  await form.getByLabel('SKU').fill(sku);
  await form.getByLabel('Quantity').fill('1');
  await form.getByRole('button', { name: 'Allocate' }).click();
  await expect(form.getByText(`Invalid sku ${sku}`)).toBeVisible();
  await expect(form.getByLabel('SKU')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('allocation-outcome')).toHaveCount(0);
});

test('out of stock shows its outcome and an alert appears', async ({ page, request }) => {
  const sku = unique('SOFA');
  const orderid = unique('order');
  await api(request).createBatch(unique('batch'), sku, 2, null);

  await page.goto('/operator/allocate');
  const form = page.getByRole('form', { name: 'Allocate an order line' });
  await form.getByLabel('Order id').fill(orderid);
  await form.getByLabel('SKU').fill(sku);
  await form.getByLabel('Quantity').fill('5');
  await form.getByRole('button', { name: 'Allocate' }).click();
  const outcome = page.getByTestId('allocation-outcome');
  await expect(outcome).toContainText('Out of stock');
  await expect(outcome).toContainText(`No batch of ${sku} can take 5 × ${sku} for order ${orderid}`);

  await outcome.getByRole('link', { name: `See alerts for ${sku}` }).click();
  await expect(page).toHaveURL(/\/manager\/alerts\?sku=/);
  await expect
    .poll(async () => (await rows(page, 'Out-of-stock alerts')).map((row) => row.slice(1)))
    .toEqual([[sku, orderid, '5']]);
});

test('changing a batch quantity re-allocates the lines it can no longer hold', async ({ page, request }) => {
  const sku = unique('DESK');
  const [warehouse, shipment] = [unique('warehouse'), unique('shipment')];
  const [o1, o2] = [unique('order'), unique('order')];
  const seed = api(request);
  await seed.createBatch(warehouse, sku, 10, null);
  await seed.createBatch(shipment, sku, 50, '2027-02-01');
  await seed.allocate(o1, sku, 4);
  await seed.allocate(o2, sku, 4);

  await page.goto('/operator/batches');
  const form = page.getByRole('form', { name: 'Change a batch’s quantity' });
  await form.getByLabel('Batch reference').fill(warehouse);
  await form.getByLabel('New quantity').fill('5');
  await form.getByRole('button', { name: 'Change quantity' }).click();

  await expect(page.getByTestId('quantity-changed')).toContainText(
    `Batch ${warehouse} now holds 5. 1 line had to move:`,
  );
  const moved = await rows(page, 'Lines moved');
  expect(moved).toHaveLength(1);
  const [orderid, movedSku, qty, from, to] = moved[0] ?? [];
  expect([movedSku, qty, from, to]).toEqual([sku, '4', warehouse, shipment]);
  expect([o1, o2]).toContain(orderid);

  // The order's allocations view says the same.
  await page.goto(`/manager/orders?orderid=${encodeURIComponent(orderid ?? '')}`);
  await expect.poll(() => rows(page, `Allocations of order ${orderid}`)).toEqual([[sku, '4', shipment]]);
});

test('deallocating a line returns its stock and does not re-allocate it', async ({ page, request }) => {
  const [sku, other] = [unique('RUG'), unique('MAT')];
  const [batch, later, matBatch] = [unique('batch'), unique('batch'), unique('batch')];
  const orderid = unique('order');
  const seed = api(request);
  await seed.createBatch(batch, sku, 10, null);
  await seed.createBatch(later, sku, 10, '2027-01-01');
  await seed.createBatch(matBatch, other, 5, null);
  await seed.allocate(orderid, sku, 3);
  await seed.allocate(orderid, other, 2);

  await page.goto('/operator/deallocate');
  const form = page.getByRole('form', { name: 'Deallocate an order line' });
  await form.getByLabel('Order id').fill(orderid);
  // The order's lines show while typing, so the operator sees what they are cancelling.
  await expect(
    page.getByRole('table', { name: `Allocations of order ${orderid}` }).locator('tbody tr'),
  ).toHaveCount(2);
  await form.getByLabel('SKU').fill(sku);
  await form.getByRole('button', { name: 'Deallocate' }).click();
  await expect(page.getByTestId('deallocated')).toContainText(
    `3 × ${sku} of order ${orderid} left batch ${batch}; its stock is available again.`,
  );
  await expect
    .poll(() => rows(page, `Allocations of order ${orderid}`))
    .toEqual([[other, '2', matBatch, 'Deallocate']]);

  // The other line, straight from the order's list.
  await page.getByRole('button', { name: `Deallocate ${other} of order ${orderid}` }).click();
  await expect(page.getByTestId('deallocated')).toContainText(
    `2 × ${other} of order ${orderid} left batch ${matBatch}`,
  );
  await expect(page.getByText(`Order ${orderid} has no allocations`)).toBeVisible();

  // Its stock is back, and it was not re-allocated to the other batch.
  await page.goto(`/manager/stock?sku=${encodeURIComponent(sku)}`);
  await expect
    .poll(async () => (await rows(page, `Stock of ${sku}`)).map((row) => [row[0], row[3], row[4]]))
    .toEqual([
      [batch, '0', '10'],
      [later, '0', '10'],
    ]);
});
