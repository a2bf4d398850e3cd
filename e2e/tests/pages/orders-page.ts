import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: every line of an order: the batch holding it, or why none does, and since when. */
export class OrdersPage {
  readonly form;
  readonly orderId;
  readonly show;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Find the allocations of an order' });
    this.orderId = this.form.getByLabel('Order id');
    this.show = this.form.getByRole('button', { name: 'Show' });
  }

  goto(orderid?: string) {
    return open(
      this.page,
      orderid ? `/manager/orders?orderid=${encodeURIComponent(orderid)}` : '/manager/orders',
    );
  }

  async lookUp(orderid: string) {
    await this.orderId.fill(orderid);
    await this.show.click();
  }

  /** Every line: SKU, qty, state, batch, since. */
  linesOf(orderid: string) {
    return new TableOf(this.page.getByRole('table', { name: `Lines of order ${orderid}` }));
  }

  /** The allocated lines only, as SKU, qty, batch. */
  allocationsOf(orderid: string) {
    const lines = this.linesOf(orderid);
    return {
      rows: async () =>
        (await lines.rows())
          .filter((row) => row[2] === 'Allocated')
          .map(([sku, qty, , batch]) => [sku, qty, batch] as string[]),
    };
  }

  noAllocations(orderid: string) {
    return this.page.getByText(`Order ${orderid} has no allocated lines`);
  }

  neverSeen(orderid: string) {
    return this.page.getByTestId('order-not-found').filter({ hasText: `No order ${orderid} has been seen` });
  }
}
