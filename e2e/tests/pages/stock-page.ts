import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { stockTable } from '../support/table';

/** Manager: every batch of a sku, warehouse first, then by eta. */
export class StockPage {
  readonly form;
  readonly sku;
  readonly show;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Find the stock of a SKU' });
    this.sku = this.form.getByLabel('SKU');
    this.show = this.form.getByRole('button', { name: 'Show' });
  }

  goto(sku?: string) {
    return open(this.page, sku ? `/manager/stock?sku=${encodeURIComponent(sku)}` : '/manager/stock');
  }

  async lookUp(sku: string) {
    await this.sku.fill(sku);
    await this.show.click();
  }

  stockOf(sku: string) {
    return stockTable(this.page, sku);
  }

  /** "No SKU x." with the close matches, each a link to its stock. */
  notFound(sku: string) {
    return this.page.getByTestId('sku-not-found').filter({ hasText: `No SKU ${sku}.` });
  }
}
