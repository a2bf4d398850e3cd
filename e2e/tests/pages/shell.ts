import type { Page } from '@playwright/test';

/** The frame around every screen: the two navigations. */
export class Shell {
  readonly operatorNav;
  readonly managerNav;

  constructor(readonly page: Page) {
    this.operatorNav = page.getByRole('navigation', { name: 'Operator' });
    this.managerNav = page.getByRole('navigation', { name: 'Manager' });
  }

  heading(name: string) {
    return this.page.getByRole('heading', { name, exact: true });
  }
}
