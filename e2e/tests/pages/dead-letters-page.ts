import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: the messages kept aside with the reason they could not be handled, newest first. */
export class DeadLettersPage {
  readonly table;
  readonly empty;

  constructor(readonly page: Page) {
    this.table = new TableOf(page.getByRole('table', { name: 'Dead letters' }));
    this.empty = page.getByText('No dead letters: every message was handled');
  }

  goto() {
    return open(this.page, '/manager/dead-letters?size=100');
  }
}
