import { expect, type Locator, type Page } from '@playwright/test';

/** A table found by its accessible name, read as the user sees it. */
export class TableOf {
  constructor(readonly locator: Locator) {}

  /** The body rows as arrays of cell texts (header and footer rows left out). */
  async rows(): Promise<string[][]> {
    // A screen's first data can take a while on a busy instance.
    await expect(this.locator).toBeVisible({ timeout: 30_000 });
    return this.locator
      .getByRole('row')
      .evaluateAll((trs) =>
        trs
          .filter((tr) => tr.parentElement?.tagName === 'TBODY')
          .map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      );
  }

  /** The cell texts of the footer row (totals). */
  async footer(): Promise<string[]> {
    await expect(this.locator).toBeVisible();
    return this.locator
      .getByRole('row')
      .last()
      .evaluate((tr) => Array.from(tr.children).map((cell) => (cell.textContent ?? '').trim()));
  }
}

/** The stock of a sku, as the allocate, batches and stock screens show it. */
export const stockTable = (scope: Locator | Page, sku: string) =>
  new TableOf(scope.getByRole('table', { name: `Stock of ${sku}` }));

/** Where an order's lines are, as the deallocate and order screens show it. */
export const orderTable = (scope: Locator | Page, orderid: string) =>
  new TableOf(scope.getByRole('table', { name: `Allocations of order ${orderid}` }));
