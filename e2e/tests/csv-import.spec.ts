import { expect, test } from './fixtures';
import { open } from './support/open';

test.use({ role: 'operator' });

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('an import with a bad row is refused naming the row; a good one applies with progress and result', async ({
  names,
  page,
}) => {
  const sku = names.unique('STOOL');
  const [warehouse, shipment] = [names.unique('wh'), names.unique('ship')];
  await open(page, '/operator/import');
  await expect(page.getByRole('heading', { name: 'Import CSV' })).toBeVisible();

  // A bad row: nothing is applied, the problem is named by line and column.
  const fileInput = page.locator('input[type="file"]');
  await fileInput.setInputFiles(
    csvFile('bad.csv', `ref,sku,qty,eta\n${warehouse},${sku},10,\n${shipment},${sku},lots,2027-03-01\n`),
  );
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing will be imported' })).toContainText(
    '1 problem',
  );
  const problems = page.getByRole('table', { name: 'Problems' });
  await expect(problems).toContainText('line 3, column 3 (qty)');
  await expect(page.getByRole('button', { name: /^Import \d+ rows?$/ })).toHaveCount(0);

  // The file fixed: a preview, then the import with its progress and its result per row.
  await fileInput.setInputFiles(
    csvFile('good.csv', `ref,sku,qty,eta\n${warehouse},${sku},10,\n${shipment},${sku},20,2027-03-01\n`),
  );
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByRole('table', { name: 'Preview' })).toContainText(shipment);
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByText('2 of 2 rows applied')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );
  const result = page.getByRole('table', { name: 'Import result' });
  await expect(result.getByRole('row', { name: new RegExp(warehouse) })).toContainText('created');
  await expect(page.getByRole('status').filter({ hasText: '2 rows: 2 created, 0 unchanged.' })).toBeVisible();

  // The result downloads as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download result (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('import-result-good.csv');

  // The same file again changes nothing, and says so.
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Nothing changed: every row was there already' }),
  ).toBeVisible();
});
