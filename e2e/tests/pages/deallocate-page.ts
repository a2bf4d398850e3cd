import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { orderTable } from '../support/table';

/** Operator: cancel an order line; its stock goes back to its batch. */
export class DeallocatePage {
  readonly form;
  readonly orderId;
  readonly sku;
  readonly submit;
  readonly problem;
  readonly deallocated;
  readonly confirm;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Deallocate an order line' });
    this.orderId = this.form.getByLabel('Order id');
    this.sku = this.form.getByLabel('SKU');
    this.submit = this.form.getByRole('button', { name: 'Deallocate' });
    this.problem = this.form.getByRole('alert');
    this.deallocated = page.getByRole('status', { name: 'Line deallocated' });
    const confirm = page.getByRole('dialog', { name: 'Deallocate this line?' });
    this.confirm = {
      dialog: confirm,
      deallocate: confirm.getByRole('button', { name: 'Deallocate' }),
      cancel: confirm.getByRole('button', { name: 'Cancel' }),
    };
  }

  goto() {
    return open(this.page, '/operator/deallocate');
  }

  async deallocate(orderid: string, sku: string) {
    await this.orderId.fill(orderid);
    await this.sku.fill(sku);
    await this.submit.click();
  }

  /** The button beside a line in the order's list. */
  deallocateButton(orderid: string, sku: string) {
    return this.page.getByRole('button', { name: `Deallocate ${sku} of order ${orderid}` });
  }

  linesOf(orderid: string) {
    return orderTable(this.page, orderid);
  }
}
