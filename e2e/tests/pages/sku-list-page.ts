import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: every sku with its totals; searched, sorted and paged on the server. */
export class SkuListPage {
  readonly search;
  readonly table;

  constructor(readonly page: Page) {
    this.search = page.getByRole('search', { name: 'Search SKUs' }).getByLabel('SKU contains');
    this.table = new TableOf(page.getByRole('table', { name: 'SKUs' }));
  }

  goto(query = '') {
    return open(this.page, `/manager/skus${query}`);
  }

  sortBy(column: string) {
    return this.table.locator.getByRole('button', { name: new RegExp(`^${column}`) }).click();
  }

  toPage(n: number) {
    return this.page.getByRole('button', { name: String(n), exact: true }).click();
  }

  range(text: string) {
    return this.page.getByText(text, { exact: true });
  }
}
