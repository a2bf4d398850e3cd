import type { Page } from '@playwright/test';
import { open } from '../support/open';
import { TableOf } from '../support/table';

/** Manager: the emails to the stock team with their delivery state (recorded when there is no SMTP), newest first. */
export class NotificationsPage {
  readonly table;

  constructor(readonly page: Page) {
    this.table = new TableOf(page.getByRole('table', { name: 'Notifications to the stock team' }));
  }

  /** The largest page, so a test's own row is on it even on a busy shared instance. */
  goto() {
    return open(this.page, '/manager/notifications?size=100');
  }

  rowWith(text: string) {
    return this.table.locator.getByRole('row').filter({ hasText: text });
  }
}
