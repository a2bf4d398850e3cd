import { expect, test } from './fixtures';

// Issue 10: what an operator types is what is meant, and changes are seen before they happen.
test.use({ role: 'operator' });

const RANGE_FROM_1 = 'Quantity must be a whole number from 1 to 2,147,483,647';

test('exact quantity input: a quantity keeps what was typed or says why not; a refusal focuses its field', async ({
  allocatePage,
  batchesPage,
  names,
  seed,
}) => {
  await allocatePage.goto();
  for (const typed of ['2.5', '1e3', '-3', '1,000']) {
    await allocatePage.quantity.fill(typed);
    await expect(allocatePage.quantity).toHaveValue(typed);
    await allocatePage.submit.click();
    await expect(allocatePage.form.getByText(RANGE_FROM_1)).toBeVisible();
    await expect(allocatePage.quantity).toHaveValue(typed);
  }
  // Typed key by key, nothing is dropped either.
  await allocatePage.quantity.fill('');
  await allocatePage.quantity.pressSequentially('1e3');
  await expect(allocatePage.quantity).toHaveValue('1e3');

  await batchesPage.goto();
  await batchesPage.add.quantity.pressSequentially('-3');
  await expect(batchesPage.add.quantity).toHaveValue('-3');
  await batchesPage.add.submit.click();
  await expect(batchesPage.add.form.getByText(RANGE_FROM_1)).toBeVisible();
  await batchesPage.change.quantity.pressSequentially('2.5');
  await batchesPage.change.submit.click();
  await expect(
    batchesPage.change.form.getByText('Quantity must be a whole number from 0 to 2,147,483,647'),
  ).toBeVisible();
  await expect(batchesPage.change.quantity).toHaveValue('2.5');

  // The server's refusal names the reference: it is shown beside it, and the focus goes there.
  const ref = names.unique('batch');
  await seed.createBatch(ref, names.unique('TABLE'), 5, null);
  await batchesPage.addBatch({ ref, sku: names.unique('TABLE'), qty: 5, eta: '' });
  await expect(batchesPage.add.form.getByText(`Batch reference ${ref} already exists`)).toBeVisible();
  await expect(batchesPage.add.ref).toBeFocused();
});

test('after a batch is added, the form keeps only the SKU and is ready for the next', async ({
  batchesPage,
  names,
}) => {
  const sku = names.unique('CHAIR');
  const ref = names.unique('batch');
  await batchesPage.goto();
  await batchesPage.addBatch({ ref, sku, qty: 12, eta: '2099-03-14' });
  await expect(batchesPage.added).toContainText(`Batch ${ref} added: 12 × ${sku}, arriving 14 Mar 2099.`);
  await expect(batchesPage.add.ref).toHaveValue('');
  await expect(batchesPage.add.quantity).toHaveValue('');
  await expect(batchesPage.add.eta).toHaveValue('');
  await expect(batchesPage.add.sku).toHaveValue(sku);
  await expect(batchesPage.add.ref).toBeFocused();
});

test('an ETA in the past asks whether the stock is already in the warehouse', async ({
  batchesPage,
  names,
}) => {
  const sku = names.unique('LAMP');
  const ref = names.unique('batch');
  await batchesPage.goto();
  await batchesPage.addBatch({ ref, sku, qty: 7, eta: '2020-01-02' });
  await expect(batchesPage.pastEta.dialog).toContainText(`Batch ${ref} has an ETA of 02 Jan 2020`);
  // Cancel: nothing is added, the values stay for correcting.
  await batchesPage.pastEta.cancel.click();
  await expect(batchesPage.pastEta.dialog).toHaveCount(0);
  await expect(batchesPage.added).toHaveCount(0);
  await expect(batchesPage.add.eta).toHaveValue('2020-01-02');

  await batchesPage.add.submit.click();
  await batchesPage.pastEta.warehouse.click();
  await expect(batchesPage.added).toContainText(`Batch ${ref} added: 7 × ${sku}, in the warehouse.`);

  // Or added as typed, when that is what is meant.
  const late = names.unique('batch');
  await batchesPage.addBatch({ ref: late, sku, qty: 3, eta: '2020-01-02' });
  await batchesPage.pastEta.anyway.click();
  await expect(batchesPage.added).toContainText(`Batch ${late} added: 3 × ${sku}, arriving 02 Jan 2020.`);
});

test('changing a batch quantity: pick the batch by search, see the impact, then apply', async ({
  batchesPage,
  names,
  seed,
  page,
}) => {
  const sku = names.unique('DESK');
  const [warehouse, shipment] = [names.unique('warehouse'), names.unique('shipment')];
  const [o1, o2] = [names.unique('order'), names.unique('order')];
  await seed.createBatch(warehouse, sku, 10, null);
  await seed.createBatch(shipment, sku, 5, '2099-02-01');
  await seed.allocate(o1, sku, 4);
  await seed.allocate(o2, sku, 6);

  await batchesPage.goto();
  const { change, impact } = batchesPage;
  // Any case, part of the reference; arrows and Enter pick.
  await change.ref.pressSequentially(warehouse.toLowerCase().slice(0, -1));
  const option = page.getByRole('option', { name: new RegExp(warehouse) });
  await expect(option).toContainText(`${sku}10 units, 10 allocated`);
  await change.ref.press('ArrowDown');
  await change.ref.press('Enter');
  await expect(change.ref).toHaveValue(warehouse);
  await expect(change.form).toContainText(`${sku}: holds 10, 10 allocated`);

  await change.quantity.fill('0');
  await change.submit.click();
  await expect(impact.panel).toContainText(`Batch ${warehouse} holds 10; it would hold 0.`);
  await expect.poll(() => impact.moves.rows()).toEqual([[o1, sku, '4', warehouse, shipment]]);
  await expect.poll(() => impact.outOfStock.rows()).toEqual([[o2, sku, '6', warehouse, 'Out of stock']]);
  await impact.apply.click();

  await expect(batchesPage.changed).toContainText(`Batch ${warehouse} held 10; it now holds 0.`);
  await expect(batchesPage.changed).toContainText('1 line went out of stock');
  await expect.poll(() => batchesPage.movedLines.rows()).toEqual([[o1, sku, '4', warehouse, shipment]]);
  await expect
    .poll(() => batchesPage.outOfStockLines.rows())
    .toEqual([[o2, sku, '6', warehouse, 'Out of stock']]);
  await expect(batchesPage.changed.getByTestId('quantity-changed-differs')).toHaveCount(0);
  // The result is in the app's own fonts (its text face, or its monospace for ids), never the browser's default.
  const fonts = await batchesPage.changed.locator('td, p, span').evaluateAll((nodes) => {
    const body = getComputedStyle(document.body).fontFamily;
    return [...new Set(nodes.map((node) => getComputedStyle(node).fontFamily))].filter(
      (font) => font !== body && !font.startsWith('ui-monospace'),
    );
  });
  expect(fonts).toEqual([]);
});
