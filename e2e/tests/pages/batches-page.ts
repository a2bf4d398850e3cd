import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { stockTable, TableOf } from '../support/table';

/** Operator: add batches and change a batch's quantity. */
export class BatchesPage {
  readonly add;
  readonly added;
  readonly change;
  readonly changed;
  readonly movedLines;

  constructor(readonly page: Page) {
    const add = page.getByRole('form', { name: 'Add a batch' });
    this.add = {
      form: add,
      ref: add.getByLabel('Batch reference'),
      sku: add.getByLabel('SKU'),
      quantity: add.getByLabel('Quantity'),
      eta: add.getByLabel('ETA'),
      submit: add.getByRole('button', { name: 'Add batch' }),
      problem: add.getByRole('alert'),
    };
    this.added = page.getByRole('status', { name: 'Batch added' });
    const change = page.getByRole('form', { name: 'Change a batch’s quantity' });
    this.change = {
      form: change,
      ref: change.getByLabel('Batch reference'),
      quantity: change.getByLabel('New quantity'),
      submit: change.getByRole('button', { name: 'Change quantity' }),
      problem: change.getByRole('alert'),
    };
    this.changed = page.getByRole('status', { name: 'Quantity changed' });
    this.movedLines = new TableOf(page.getByRole('table', { name: 'Lines moved' }));
  }

  goto() {
    return open(this.page, '/operator/batches');
  }

  /** eta: "YYYY-MM-DD", or empty for warehouse stock. */
  async addBatch(batch: { ref: string; sku: string; qty: number | string; eta: string }) {
    await this.add.ref.fill(batch.ref);
    await this.add.sku.fill(batch.sku);
    await this.add.quantity.fill(String(batch.qty));
    await this.add.eta.fill(batch.eta);
    await this.add.submit.click();
  }

  async changeQuantity(ref: string, qty: number | string) {
    await this.change.ref.fill(ref);
    await this.change.quantity.fill(String(qty));
    await this.change.submit.click();
  }

  stockOf(sku: string) {
    return stockTable(this.page, sku);
  }
}
