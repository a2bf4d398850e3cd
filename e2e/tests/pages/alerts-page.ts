import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: the out-of-stock alerts, newest first, filtered by sku and paged. */
export class AlertsPage {
  readonly form;
  readonly sku;
  readonly table;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Filter alerts' });
    this.sku = this.form.getByLabel('SKU');
    this.table = new TableOf(page.getByRole('table', { name: 'Out-of-stock alerts' }));
  }

  goto(query = '') {
    return open(this.page, `/manager/alerts${query}`);
  }

  async filter(sku: string) {
    await this.sku.fill(sku);
    await this.form.getByRole('button', { name: 'Filter' }).click();
  }

  toPage(n: number) {
    return this.page.getByRole('button', { name: String(n), exact: true }).click();
  }

  showState(state: 'All' | 'Open' | 'Resolved') {
    return this.page.getByRole('radiogroup', { name: 'State' }).getByText(state, { exact: true }).click();
  }

  retry(sku: string, orderid: string) {
    return this.page.getByRole('button', { name: `Retry ${sku} of order ${orderid}` });
  }

  range(text: string) {
    return this.page.getByText(text, { exact: true });
  }
}
