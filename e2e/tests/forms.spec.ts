import { expect, test } from '@playwright/test';
import { api, unique } from './support';

test('forms show validation errors beside each field, from the API’s schemas', async ({ page }) => {
  await page.goto('/operator/allocate');
  const allocate = page.getByRole('form', { name: 'Allocate an order line' });
  await allocate.getByRole('button', { name: 'Allocate' }).click();
  await expect(allocate.getByText('Order id is required')).toBeVisible();
  await expect(allocate.getByText('SKU is required')).toBeVisible();
  await expect(allocate.getByText('Quantity is required')).toBeVisible();
  await expect(allocate.getByLabel('Order id')).toHaveAttribute('aria-invalid', 'true');
  // The error is tied to its field for assistive technology.
  const describedBy = await allocate.getByLabel('Quantity').getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(
    page.locator(`[id="${describedBy?.split(' ').find((id) => id.includes('error'))}"]`),
  ).toHaveText('Quantity is required');
  // Fixing a field clears its error; a zero quantity has its own message.
  await allocate.getByLabel('Order id').fill('o-1');
  await expect(allocate.getByText('Order id is required')).toHaveCount(0);
  await allocate.getByLabel('Quantity').fill('0');
  await allocate.getByRole('button', { name: 'Allocate' }).click();
  await expect(allocate.getByText('Quantity must be at least 1')).toBeVisible();
  await expect(page.getByTestId('allocation-outcome')).toHaveCount(0);
});

test('rules only the server can check show beside their field too', async ({ page, request }) => {
  const ref = unique('batch');
  const sku = unique('TABLE');
  await api(request).createBatch(ref, sku, 5, null);

  await page.goto('/operator/batches');
  const create = page.getByRole('form', { name: 'Add a batch' });
  await create.getByLabel('Batch reference').fill(ref);
  await create.getByLabel('SKU').fill(sku);
  await create.getByLabel('Quantity').fill('5');
  await create.getByRole('button', { name: 'Add batch' }).click();
  await expect(create.getByText(`Batch reference ${ref} already exists`)).toBeVisible();

  const change = page.getByRole('form', { name: 'Change a batch’s quantity' });
  const missing = unique('batch');
  await change.getByLabel('Batch reference').fill(missing);
  await change.getByLabel('New quantity').fill('3');
  await change.getByRole('button', { name: 'Change quantity' }).click();
  await expect(change.getByText(`Unknown batch ${missing}`)).toBeVisible();
  await expect(change.getByLabel('Batch reference')).toHaveAttribute('aria-invalid', 'true');

  await page.goto('/operator/deallocate');
  const deallocate = page.getByRole('form', { name: 'Deallocate an order line' });
  const orderid = unique('order');
  await deallocate.getByLabel('Order id').fill(orderid);
  await deallocate.getByLabel('SKU').fill(sku);
  await deallocate.getByRole('button', { name: 'Deallocate' }).click();
  await expect(page.getByTestId('deallocate-problem')).toHaveText(
    `Order ${orderid} has no allocated line for sku ${sku}`,
  );
});

test('navigation separates operator work from manager views and works from the keyboard', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/operator\/allocate$/);
  const operator = page.getByRole('navigation', { name: 'Operator' });
  const manager = page.getByRole('navigation', { name: 'Manager' });
  await expect(operator.getByRole('link')).toHaveText([/Allocate/, /Batches/, /Deallocate/]);
  await expect(manager.getByRole('link')).toHaveCount(6);
  await expect(operator.getByRole('link', { name: /Allocate/ })).toHaveAttribute('aria-current', 'page');

  await manager.getByRole('link', { name: /Batch list/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/manager\/batches/);
  await expect(page.getByRole('heading', { name: 'Batch list' })).toBeVisible();

  // The allocate form is usable without a mouse: the order id has focus, Tab moves on, Enter submits.
  await page.goto('/operator/allocate');
  await expect(page.getByLabel('Order id')).toBeFocused();
  await page.keyboard.type('o-keyboard');
  await page.keyboard.press('Tab');
  await page.keyboard.type(unique('NOPE'));
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Invalid sku /)).toBeVisible();
});
