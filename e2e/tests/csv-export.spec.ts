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

test('the SKU overview downloads as CSV: its search and sort, every page', async ({
  skuListPage,
  names,
  page,
  seed,
}) => {
  const prefix = names.unique('BULB');
  // 12 skus, sku i with i units in one batch, on its way in February (every third in the warehouse).
  const skus = Array.from({ length: 12 }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
  for (const [i, sku] of skus.entries()) {
    await seed.createBatch(
      `${sku}-B`,
      sku,
      i + 1,
      i % 3 === 0 ? null : `2027-02-${String(i + 1).padStart(2, '0')}`,
    );
  }
  // One sku with two batches: its next eta is the earlier; 3 units allocated.
  await seed.createBatch(`${skus[11]}-C`, skus[11] as string, 5, '2027-01-15');
  await seed.allocate(names.unique('order'), skus[11] as string, 3);
  await seed.createBatch(names.unique('other'), names.unique('LAMP'), 9, null);

  await skuListPage.goto('?size=10&sort=purchased&dir=desc');
  await skuListPage.search.fill(prefix.toLowerCase());
  await expect(page).toHaveURL(/q=/);
  await expect(skuListPage.range('1–10 of 12')).toBeVisible();

  const { name, records } = await downloadCsv(page, page.getByRole('link', { name: 'Download CSV' }));
  expect(name).toMatch(/^skus-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = records;
  expect(header).toEqual([
    'sku',
    'purchased',
    'allocated',
    'available',
    'batches',
    'next_eta',
    'open_alerts',
  ]);
  // Every page (12 skus though the page shows 10), purchased descending, the other sku left out.
  expect(rows.map((row) => row[0])).toEqual([...skus].reverse());
  expect(rows[0]).toEqual([skus[11], '17', '3', '14', '2', '2027-01-15', '0']);
  expect(rows.slice(1, 3)).toEqual([
    [skus[10], '11', '0', '11', '1', '2027-02-11', '0'],
    [skus[9], '10', '0', '10', '1', '', '0'],
  ]);
});
