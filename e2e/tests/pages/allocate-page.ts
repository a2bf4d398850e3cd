import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { stockTable } from '../support/table';

/** Operator: allocate an order line and see the batch chosen, or the out-of-stock outcome. */
export class AllocatePage {
  readonly form;
  readonly orderId;
  readonly sku;
  readonly quantity;
  readonly submit;
  /** A problem with the whole form (the form's own alert, not Next's route announcer). */
  readonly problem;
  readonly outcome;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Allocate an order line' });
    this.orderId = this.form.getByLabel('Order id');
    this.sku = this.form.getByLabel('SKU');
    this.quantity = this.form.getByLabel('Quantity');
    this.submit = this.form.getByRole('button', { name: 'Allocate' });
    this.problem = this.form.getByRole('alert');
    this.outcome = page.getByRole('status', { name: 'Allocation outcome' });
  }

  goto() {
    return open(this.page, '/operator/allocate');
  }

  async allocate(line: { orderid: string; sku: string; qty: number | string }) {
    await this.orderId.fill(line.orderid);
    await this.sku.fill(line.sku);
    await this.quantity.fill(String(line.qty));
    await this.submit.click();
  }

  stockOf(sku: string) {
    return stockTable(this.page, sku);
  }
}
