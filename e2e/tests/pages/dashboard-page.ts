import type { Page } from '@playwright/test';
import { open } from '../support/open';

/** Manager: how stock moved over a period, and one sku's stock per batch over time. */
export class DashboardPage {
  readonly skuForm;
  readonly sku;
  readonly show;
  readonly period;
  readonly skuChart;

  constructor(readonly page: Page) {
    this.skuForm = page.getByRole('form', { name: 'Choose the SKU' });
    this.sku = this.skuForm.getByLabel('SKU');
    this.show = this.skuForm.getByRole('button', { name: 'Show' });
    this.period = page.getByRole('radiogroup', { name: 'Period' });
    this.skuChart = page.locator('#sku-stock figure');
  }

  goto(query = '') {
    return open(this.page, `/manager/dashboard${query ? `?${query}` : ''}`);
  }

  /** A figure's value as a number ("1,234" → 1234). */
  async figure(label: string): Promise<number> {
    const text = (await this.page.locator(`[data-figure="${label}"]`).textContent()) ?? '';
    return Number(text.replace(/[^0-9.]/g, ''));
  }

  async showSku(sku: string) {
    await this.sku.fill(sku);
    await this.show.click();
  }
}
