import { expect, test } from './fixtures';

// Commands are an operator's work.
test.use({ role: 'operator' });

test('an operator creates a batch and sees it in the stock of its SKU', async ({ batchesPage, names }) => {
  const sku = names.unique('CHAIR');
  const ref = names.unique('batch');
  await batchesPage.goto();
  await batchesPage.addBatch({ ref, sku, qty: 120, eta: '2027-03-14' });

  await expect(batchesPage.added).toContainText(`Batch ${ref} added: 120 × ${sku}, arriving 14 Mar 2027.`);
  const stock = batchesPage.stockOf(sku);
  await expect.poll(() => stock.rows()).toEqual([[ref, '14 Mar 2027', '120', '0', '120', '']]);

  // Warehouse stock: no eta.
  const warehouse = names.unique('batch');
  await batchesPage.addBatch({ ref: warehouse, sku, qty: 120, eta: '' });
  await expect(batchesPage.added).toContainText(`Batch ${warehouse} added: 120 × ${sku}, in the warehouse.`);
  await expect.poll(async () => (await stock.rows()).length).toBe(2);
  await expect
    .poll(async () => (await stock.rows()).map((row) => row.slice(0, 2)))
    .toEqual([
      [warehouse, 'In warehouse'],
      [ref, '14 Mar 2027'],
    ]);
});

test('allocating picks warehouse stock first, then the earliest eta', async ({
  allocatePage,
  names,
  seed,
}) => {
  const sku = names.unique('LAMP');
  const [later, sooner, warehouse] = [
    names.unique('later'),
    names.unique('sooner'),
    names.unique('warehouse'),
  ];
  await seed.createBatch(later, sku, 100, '2027-06-01');
  await seed.createBatch(sooner, sku, 100, '2027-02-01');
  await seed.createBatch(warehouse, sku, 5, null);

  await allocatePage.goto();
  const first = names.unique('order');
  await allocatePage.allocate({ orderid: first, sku, qty: 5 });
  await expect(allocatePage.outcome).toContainText(`Allocated to batch ${warehouse}`);
  await expect(allocatePage.outcome).toContainText(`5 × ${sku} for order ${first}`);

  // The warehouse batch is now used up: the next line goes to the batch arriving soonest.
  const second = names.unique('order');
  await allocatePage.allocate({ orderid: second, sku, qty: 5 });
  await expect(allocatePage.outcome.getByText(sooner, { exact: true })).toBeVisible();
  await expect(allocatePage.outcome).toContainText(`Allocated to batch ${sooner}`);
  await expect
    .poll(async () => (await allocatePage.stockOf(sku).rows()).map((row) => [row[0], row[3], row[4]]))
    .toEqual([
      [warehouse, '5', '0'],
      [sooner, '5', '95'],
      [later, '0', '100'],
    ]);
});

test('allocating an unknown SKU shows its error beside the SKU', async ({ allocatePage, names }) => {
  const sku = names.unique('GHOST');
  await allocatePage.goto();
  await allocatePage.allocate({ orderid: names.unique('order'), sku, qty: 1 });
  await expect(allocatePage.form.getByText(`Invalid sku ${sku}`)).toBeVisible();
  await expect(allocatePage.sku).toHaveAttribute('aria-invalid', 'true');
  await expect(allocatePage.outcome).toHaveCount(0);
});

test('out of stock shows its outcome and an alert appears', async ({
  allocatePage,
  alertsPage,
  names,
  page,
  seed,
}) => {
  const sku = names.unique('SOFA');
  const orderid = names.unique('order');
  await seed.createBatch(names.unique('batch'), sku, 2, null);

  await allocatePage.goto();
  await allocatePage.allocate({ orderid, sku, qty: 5 });
  await expect(allocatePage.outcome).toContainText('Out of stock');
  await expect(allocatePage.outcome).toContainText(
    `No batch of ${sku} can take 5 × ${sku} for order ${orderid}`,
  );

  await allocatePage.outcome.getByRole('link', { name: `See alerts for ${sku}` }).click();
  await expect(page).toHaveURL(/\/manager\/alerts\?sku=/);
  await expect
    .poll(async () => (await alertsPage.table.rows()).map((row) => row.slice(1, 4)))
    .toEqual([[sku, orderid, '5']]);
});

test('changing a batch quantity re-allocates the lines it can no longer hold', async ({
  batchesPage,
  ordersPage,
  names,
  seed,
}) => {
  const sku = names.unique('DESK');
  const [warehouse, shipment] = [names.unique('warehouse'), names.unique('shipment')];
  const [o1, o2] = [names.unique('order'), names.unique('order')];
  await seed.createBatch(warehouse, sku, 10, null);
  await seed.createBatch(shipment, sku, 50, '2027-02-01');
  await seed.allocate(o1, sku, 4);
  await seed.allocate(o2, sku, 4);

  await batchesPage.goto();
  await batchesPage.changeQuantity(warehouse, 5);

  await expect(batchesPage.changed).toContainText(
    `Batch ${warehouse} held 10; it now holds 5. 1 line moved to another batch:`,
  );
  const moved = await batchesPage.movedLines.rows();
  expect(moved).toHaveLength(1);
  const [orderid, movedSku, qty, from, to] = moved[0] ?? [];
  expect([movedSku, qty, from, to]).toEqual([sku, '4', warehouse, shipment]);
  expect([o1, o2]).toContain(orderid);

  // The order's allocations view says the same.
  await ordersPage.goto(orderid ?? '');
  await expect.poll(() => ordersPage.allocationsOf(orderid ?? '').rows()).toEqual([[sku, '4', shipment]]);
});

test('deallocating a line returns its stock and does not re-allocate it', async ({
  deallocatePage,
  stockPage,
  names,
  seed,
}) => {
  const [sku, other] = [names.unique('RUG'), names.unique('MAT')];
  const [batch, later, matBatch] = [names.unique('batch'), names.unique('batch'), names.unique('batch')];
  const orderid = names.unique('order');
  await seed.createBatch(batch, sku, 10, null);
  await seed.createBatch(later, sku, 10, '2027-01-01');
  await seed.createBatch(matBatch, other, 5, null);
  await seed.allocate(orderid, sku, 3);
  await seed.allocate(orderid, other, 2);

  await deallocatePage.goto();
  await deallocatePage.orderId.fill(orderid);
  // The order's lines show while typing, so the operator sees what they are cancelling.
  await expect.poll(async () => (await deallocatePage.linesOf(orderid).rows()).length).toBe(2);
  await deallocatePage.sku.fill(sku);
  await deallocatePage.submit.click();
  // Asked first, naming the order, sku, quantity and batch; cancelling changes nothing.
  await expect(deallocatePage.confirm.dialog).toContainText(
    `3 × ${sku} of order ${orderid} will leave batch ${batch}.`,
  );
  await deallocatePage.confirm.cancel.click();
  await expect(deallocatePage.confirm.dialog).toHaveCount(0);
  await expect(deallocatePage.deallocated).toHaveCount(0);
  await deallocatePage.submit.click();
  await deallocatePage.confirm.deallocate.click();
  await expect(deallocatePage.deallocated).toContainText(
    `3 × ${sku} of order ${orderid} left batch ${batch}; its stock is available again.`,
  );
  await expect
    .poll(() => deallocatePage.linesOf(orderid).rows())
    .toEqual([[other, '2', matBatch, 'Deallocate']]);

  // The other line, straight from the order's list.
  await deallocatePage.deallocateButton(orderid, other).click();
  await expect(deallocatePage.confirm.dialog).toContainText(
    `2 × ${other} of order ${orderid} will leave batch ${matBatch}.`,
  );
  await deallocatePage.confirm.deallocate.click();
  await expect(deallocatePage.deallocated).toContainText(
    `2 × ${other} of order ${orderid} left batch ${matBatch}`,
  );
  await expect(deallocatePage.page.getByText(`Order ${orderid} has no allocations`)).toBeVisible();

  // Its stock is back, and it was not re-allocated to the other batch.
  await stockPage.goto(sku);
  await expect
    .poll(async () => (await stockPage.stockOf(sku).rows()).map((row) => [row[0], row[3], row[4]]))
    .toEqual([
      [batch, '0', '10'],
      [later, '0', '10'],
    ]);
});
