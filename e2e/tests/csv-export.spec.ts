import { expect, test } from './fixtures';
import { downloadCsv } from './support/download';

test.use({ role: 'manager' });

test('a filtered batch list downloads as CSV: its filter and sort, every page', async ({
  batchListPage,
  names,
  page,
  seed,
}) => {
  const sku = names.unique('SHELF');
  const refs = Array.from({ length: 12 }, (_, i) => names.unique(`shelf${String(i).padStart(2, '0')}`));
  for (const ref of refs) await seed.createBatch(ref, sku, 5, '2027-02-01');
  await seed.allocate(names.unique('order'), sku, 3);
  await seed.createBatch(names.unique('other'), names.unique('LAMP'), 9, null);

  await batchListPage.goto('?size=10&sort=reference&dir=desc');
  await batchListPage.skuContains.fill(sku);
  await expect(batchListPage.range('1–10 of 12')).toBeVisible();

  const { name, records } = await downloadCsv(page, page.getByRole('link', { name: 'Download CSV' }));
  expect(name).toMatch(/^batches-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = records;
  expect(header).toEqual(['reference', 'sku', 'purchased', 'allocated', 'available', 'eta']);
  // Every page (12 rows though the page shows 10), reference descending, the other sku left out.
  expect(rows.map((row) => row[0])).toEqual([...refs].reverse());
  expect(rows.every((row) => row[1] === sku && row[5] === '2027-02-01')).toBe(true);
  // Numbers as plain digits: the one batch that took the line, and the others.
  expect(rows.filter((row) => row[3] === '3').map((row) => row.slice(2, 5))).toEqual([['5', '3', '2']]);
  expect(rows.filter((row) => row[3] === '0')).toHaveLength(11);
});
