import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessible } from './support/accessibility';
import { account } from './support/accounts';
import { awaitSubscriber } from './support/redis';

// Replaying and discarding dead letters: an admin's buttons, the state every role sees. The letters
// come from Redis (the channel change_batch_quantity), so the test needs the suite's worker.

/** The row of the letter whose message names `text` (the tests' names are unique). */
const rowOf = (page: Page, text: string) =>
  page.getByRole('table', { name: 'Dead letters' }).getByRole('row').filter({ hasText: text });

test.describe('dead letters: replay and discard', () => {
  test.use({ role: 'admin' });
  // axe reads the whole page twice: slow on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('an admin replays a letter once its batch exists, and discards poison after a failed replay', async ({
    page,
    deadLettersPage,
    stockPage,
    names,
    redis,
    seed,
  }, testInfo) => {
    await awaitSubscriber(redis, 'change_batch_quantity', testInfo);
    const admin = account('admin');
    const sku = names.unique('CRATE');
    const batch = names.unique('batch');
    const poison = `{"batchref": "${batch}", "qty":`;

    // Before the batch exists: an unknown batch. And a message that is not JSON.
    await redis.publish(
      'change_batch_quantity',
      JSON.stringify({ batchref: batch, qty: 4, id: names.unique('msg') }),
    );
    await redis.publish('change_batch_quantity', poison);
    await expect
      .poll(
        async () => {
          await deadLettersPage.goto();
          return rowOf(page, batch).count();
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(2);
    const unknown = rowOf(page, `"qty":4`);
    const notJson = rowOf(page, poison);
    await expect(unknown).toContainText('Open');
    // With open letters and the admin's buttons: accessible, and usable on a phone (390 px) too.
    await expectAccessible(page, testInfo, 'dead letters, admin');
    await page.setViewportSize({ width: 390, height: 844 });
    // Reached without scrolling sideways.
    await expect(unknown.getByRole('button', { name: /^Discard dead letter/ })).toBeInViewport({ ratio: 1 });
    await expectAccessible(page, testInfo, 'dead letters, admin, 390 px');
    await page.screenshot({ path: testInfo.outputPath('dead-letters-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1360, height: 900 });

    await seed.createBatch(batch, sku, 10, null);

    // Replay: handled as the consumer would, for the admin.
    await unknown.getByRole('button', { name: /^Replay dead letter/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'replayed' })).toContainText('took effect');
    await expect(unknown).toContainText('Replayed');
    await expect(unknown).toContainText(`by ${admin.name}`);
    await expect(unknown.getByRole('button')).toHaveCount(0);
    await stockPage.goto(sku);
    await expect.poll(async () => (await stockPage.stockOf(sku).rows())[0]?.[2]).toBe('4');

    // Poison stays poison: the replay fails, says why, and the letter stays open.
    await deadLettersPage.goto();
    await notJson.getByRole('button', { name: /^Replay dead letter/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Replay failed' })).toContainText('still poison');
    await expect(notJson).toContainText('Open');

    // Discard asks first; Escape keeps the letter, the dialog's button discards it.
    await notJson.getByRole('button', { name: /^Discard dead letter/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Discard dead letter/ });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(notJson).toContainText('Open');
    await notJson.getByRole('button', { name: /^Discard dead letter/ }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Discard letter' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'discarded' })).toBeVisible();
    await expect(notJson).toContainText('Discarded');
    await expect(notJson).toContainText(`by ${admin.name}`);
    await expect(notJson.getByRole('button')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('dead-letters-desktop.png'), fullPage: true });
  });
});

test.describe('dead letters: what a manager sees', () => {
  test.use({ role: 'manager' });

  test('the state of each letter, and no buttons', async ({ page, deadLettersPage }) => {
    await deadLettersPage.goto();
    await expect(deadLettersPage.table.locator).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'State' })).toBeVisible();
    await expect(page.getByRole('button', { name: /dead letter/ })).toHaveCount(0);
  });
});
