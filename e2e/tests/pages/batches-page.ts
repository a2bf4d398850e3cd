import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { stockTable, TableOf } from '../support/table';

/** Operator: add batches and change a batch's quantity. */
export class BatchesPage {
  readonly add;
  readonly added;
  readonly change;
  readonly pastEta;
  readonly impact;
  readonly changed;
  readonly movedLines;
  readonly outOfStockLines;

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
    const pastEta = page.getByRole('dialog', { name: 'Arrives in the past: is it in the warehouse?' });
    this.pastEta = {
      dialog: pastEta,
      warehouse: pastEta.getByRole('button', { name: 'Make it warehouse stock' }),
      anyway: pastEta.getByRole('button', { name: /^Add arriving/ }),
      cancel: pastEta.getByRole('button', { name: 'Cancel' }),
    };
    const change = page.getByRole('form', { name: 'Change a batch’s quantity' });
    this.change = {
      form: change,
      ref: change.getByRole('combobox', { name: 'Batch' }),
      quantity: change.getByLabel('New quantity'),
      submit: change.getByRole('button', { name: 'Show the impact' }),
      problem: change.getByRole('alert'),
    };
    const impact = page.getByTestId('quantity-impact');
    this.impact = {
      panel: impact,
      moves: new TableOf(impact.getByRole('table', { name: 'Lines that would move' })),
      outOfStock: new TableOf(impact.getByRole('table', { name: 'Lines that would go out of stock' })),
      apply: impact.getByRole('button', { name: /^Apply/ }),
      cancel: impact.getByRole('button', { name: 'Cancel' }),
    };
    this.changed = page.getByRole('status', { name: 'Quantity changed' });
    this.movedLines = new TableOf(page.getByRole('table', { name: 'Lines moved' }));
    this.outOfStockLines = new TableOf(page.getByRole('table', { name: 'Lines out of stock' }));
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

  /** Asks for the impact of a new quantity (nothing changes yet). */
  async previewChange(ref: string, qty: number | string) {
    await this.change.ref.fill(ref);
    await this.change.quantity.fill(String(qty));
    await this.change.submit.click();
  }

  /** Previews the change, then applies it. */
  async changeQuantity(ref: string, qty: number | string) {
    await this.previewChange(ref, qty);
    await this.impact.apply.click();
  }

  stockOf(sku: string) {
    return stockTable(this.page, sku);
  }
}
