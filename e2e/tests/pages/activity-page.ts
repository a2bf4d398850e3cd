import type { Page } from '@playwright/test';
import { open } from '../support/open';

/** Manager: the audit trail, newest first, with its filters. */
export class ActivityPage {
  readonly filters;
  readonly who;
  readonly orderId;
  readonly batch;
  readonly filter;
  readonly table;

  constructor(readonly page: Page) {
    this.filters = page.getByRole('form', { name: 'Filter activity' });
    this.who = this.filters.getByLabel('Who');
    this.orderId = this.filters.getByLabel('Order id');
    this.batch = this.filters.getByLabel('Batch');
    this.filter = this.filters.getByRole('button', { name: 'Filter', exact: true });
    this.table = page.getByTestId('activity-list');
  }

  goto(filter: { orderid?: string; batchref?: string } = {}) {
    const params = new URLSearchParams();
    if (filter.orderid) params.set('order', filter.orderid);
    if (filter.batchref) params.set('batch', filter.batchref);
    const search = params.toString();
    return open(this.page, search ? `/manager/activity?${search}` : '/manager/activity');
  }

  /** The table's rows as text, one string per row (who, what, outcome…). */
  rows() {
    return this.table.locator('tbody tr').allInnerTexts();
  }
}
