import type { Page } from '@playwright/test';

/**
 * Opens a screen and waits until React has taken over the server-rendered HTML (the app marks
 * `<html data-hydrated>`), so what a test types is handled by the app and not by inert markup.
 */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}
