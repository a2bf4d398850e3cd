import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { orderTable } from '../support/table';

/** Manager: which batch holds each line of an order. */
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

  allocationsOf(orderid: string) {
    return orderTable(this.page, orderid);
  }

  noAllocations(orderid: string) {
    return this.page.getByText(`Order ${orderid} has no allocations`);
  }
}
