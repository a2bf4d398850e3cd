import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: every batch, filtered, sorted and paged on the server. */
export class BatchListPage {
  readonly filters;
  readonly skuContains;
  readonly stockLeft;
  readonly etaFrom;
  readonly etaTo;
  readonly table;

  constructor(readonly page: Page) {
    this.filters = page.getByRole('search', { name: 'Filter batches' });
    this.skuContains = this.filters.getByLabel('SKU contains');
    this.stockLeft = this.filters.getByRole('radiogroup', { name: 'Stock left' });
    this.etaFrom = this.filters.getByLabel('ETA from');
    this.etaTo = this.filters.getByLabel('ETA to');
    this.table = new TableOf(page.getByRole('table', { name: 'Batches' }));
  }

  goto(query = '') {
    return open(this.page, `/manager/batches${query}`);
  }

  /** "All", "Available" or "Exhausted" (the radio itself is visually hidden: click its label). */
  showStock(choice: 'All' | 'Available' | 'Exhausted') {
    return this.stockLeft.getByText(choice, { exact: true }).click();
  }

  sortBy(column: string) {
    return this.table.locator.getByRole('button', { name: new RegExp(`^${column}`) }).click();
  }

  toPage(n: number) {
    return this.page.getByRole('button', { name: String(n), exact: true }).click();
  }

  /** The pager's "from–to of total". */
  range(text: string) {
    return this.page.getByText(text, { exact: true });
  }
}
