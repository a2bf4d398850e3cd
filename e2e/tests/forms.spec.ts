import { expect, test } from './fixtures';

// The forms are an operator's (commands); the navigation test needs both an operator's and a manager's links.
test.use({ role: 'operator' });

test('forms show validation errors beside each field, from the API’s schemas', async ({
  allocatePage,
  names,
  page,
}) => {
  await allocatePage.goto();
  const { form } = allocatePage;
  await allocatePage.submit.click();
  await expect(form.getByText('Order id is required')).toBeVisible();
  await expect(form.getByText('SKU is required')).toBeVisible();
  await expect(form.getByText('Quantity is required')).toBeVisible();
  await expect(allocatePage.orderId).toHaveAttribute('aria-invalid', 'true');
  // The error is tied to its field for assistive technology.
  const describedBy = await allocatePage.quantity.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(
    page.locator(`[id="${describedBy?.split(' ').find((id) => id.includes('error'))}"]`),
  ).toHaveText('Quantity is required');
  // Fixing a field clears its error; a zero quantity has its own message.
  await allocatePage.orderId.fill(names.unique('order'));
  await expect(form.getByText('Order id is required')).toHaveCount(0);
  await allocatePage.quantity.fill('0');
  await allocatePage.submit.click();
  await expect(form.getByText('Quantity must be a whole number from 1 to 2,147,483,647')).toBeVisible();
  await expect(allocatePage.outcome).toHaveCount(0);
});

test('rules only the server can check show beside their field too', async ({
  batchesPage,
  deallocatePage,
  names,
  seed,
}) => {
  const ref = names.unique('batch');
  const sku = names.unique('TABLE');
  await seed.createBatch(ref, sku, 5, null);

  await batchesPage.goto();
  const { add, change } = batchesPage;
  await add.ref.fill(ref);
  await add.sku.fill(sku);
  await add.quantity.fill('5');
  await add.submit.click();
  await expect(add.form.getByText(`Batch reference ${ref} already exists`)).toBeVisible();

  const missing = names.unique('batch');
  await batchesPage.previewChange(missing, 3);
  await expect(change.form.getByText(`Unknown batch ${missing}`)).toBeVisible();
  await expect(change.ref).toHaveAttribute('aria-invalid', 'true');

  await deallocatePage.goto();
  const orderid = names.unique('order');
  await deallocatePage.deallocate(orderid, sku);
  await expect(deallocatePage.problem).toHaveText(`Order ${orderid} has no allocated line for sku ${sku}`);
});

test('navigation separates operator work from manager views and works from the keyboard', async ({
  allocatePage,
  names,
  page,
  shell,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/operator\/allocate$/);
  const { operatorNav, managerNav } = shell;
  await expect(operatorNav.getByRole('link')).toHaveText([/Allocate/, /Batches/, /Deallocate/, /Import CSV/]);
  await expect(managerNav.getByRole('link')).toHaveText([
    /Dashboard/,
    /SKU overview/,
    /Stock by SKU/,
    /Order allocations/,
    /Batch list/,
    /Out-of-stock alerts/,
    /Activity/,
    /Notifications/,
    /Dead letters/,
  ]);
  await expect(operatorNav.getByRole('link', { name: /Allocate/ })).toHaveAttribute('aria-current', 'page');

  await managerNav.getByRole('link', { name: /Batch list/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/manager\/batches/);
  await expect(shell.heading('Batch list')).toBeVisible();

  // The allocate form is usable without a mouse: the order id has focus, Tab moves on, Enter submits.
  await allocatePage.goto();
  await expect(allocatePage.orderId).toBeFocused();
  await page.keyboard.type(names.unique('order'));
  await page.keyboard.press('Tab');
  const sku = names.unique('NOPE');
  await page.keyboard.type(sku);
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(allocatePage.form.getByText(`Invalid sku ${sku}`)).toBeVisible();
});
