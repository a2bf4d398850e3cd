import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessible } from './support/accessibility';
import { APP_PAGES, type AppPage, type PageData, pathOf } from './support/app-pages';
import { open } from './support/open';
import type { Seed } from './support/seed';

// Every page (support/app-pages.ts), as the role that works on it and with data on it, on a phone and
// on a desktop screen, in the light and the dark scheme. Each fails on a page that scrolls sideways, a
// truncated badge, an id broken over two lines, a phone touch target under 40 px, any console error or
// warning (a React hydration mismatch among them), or an axe violation that is serious or critical
// (colour contrast included).

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** The narrowest screen the app is made for: the phone's pages must not scroll sideways there either. */
const NARROWEST = 320;
/** The smallest touch target on a phone (WCAG 2.5.5 asks 44, 2.5.8 24: 40 is the app's rule). */
const MIN_TARGET = 40;

/**
 * The browser runs in a time zone that is not the server's, so a time rendered in the server's zone
 * and again in the browser's shows as the hydration mismatch it is.
 */
const serverZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const BROWSER_ZONE = serverZone === 'Pacific/Chatham' ? 'America/St_Johns' : 'Pacific/Chatham';

/** A sku with a warehouse batch and a shipment, an order allocated and one out of stock. */
async function seedData(seed: Seed, unique: (prefix: string) => string): Promise<PageData> {
  const data = {
    sku: unique('SWEEP-LAMP'),
    warehouseBatch: unique('WH-SWEEP'),
    shipment: unique('SHIP-SWEEP'),
    orderid: unique('ORD-SWEEP'),
    outOfStockOrderid: unique('ORD-SWEEP'),
    unique,
  };
  await seed.createBatch(data.warehouseBatch, data.sku, 500, null);
  await seed.createBatch(data.shipment, data.sku, 20, '2031-04-01');
  await seed.allocate(data.orderid, data.sku, 3);
  await seed.allocate(data.outOfStockOrderid, data.sku, 10_000);
  return data;
}

/** Console errors and warnings, and uncaught errors, from the first script on. */
function watchConsole(page: Page, entry: AppPage): string[] {
  const complaints: string[] = [];
  const expected = (message: ConsoleMessage) =>
    // The not-found page's own 404, which the browser reports as a failed resource.
    entry.status === 404 &&
    message.type() === 'error' &&
    /status of 404/.test(message.text()) &&
    new URL(message.location().url).pathname === pathOf(entry, {} as PageData);
  page.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && !expected(message))
      complaints.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => complaints.push(`uncaught: ${error.message}`));
  return complaints;
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Badges whose text is cut short (an ellipsis where a word should be). */
async function truncatedBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.mantine-Badge-label'))
      .filter((label) => label.offsetParent !== null && label.scrollWidth > label.clientWidth + 1)
      .map((label) => label.textContent ?? ''),
  );
}

/** Table cells whose content spills out over their neighbours (a fixed width too narrow for it). */
async function spillingCells(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('td'))
      .filter((cell) => cell.checkVisibility() && cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => (cell.textContent ?? '').trim().slice(0, 60)),
  );
}

/** The seeded ids (each with hyphens) wherever the page shows them, that wrap onto a second line. */
async function brokenIds(page: Page, ids: readonly string[]): Promise<string[]> {
  return page.evaluate((names) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      // Only what is seen (a table's faded-out "no records" text is not).
      if (!node.parentElement?.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      for (const name of names) {
        const start = text.indexOf(name);
        if (start < 0) continue;
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + name.length);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)),
        );
        if (lines.size > 1)
          broken.push(`${name} in “${text.trim().slice(0, 80)}” (${node.parentElement?.className})`);
      }
    }
    return broken;
  }, ids);
}

/**
 * Controls smaller than the minimum a finger needs. Links inside a sentence are exempt (as in WCAG):
 * they are read, not aimed at.
 */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((size) => {
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="checkbox"], [role="radio"], [role="switch"], [role="combobox"]',
    );
    const small: string[] = [];
    for (const control of Array.from(controls)) {
      const style = getComputedStyle(control);
      const rect = control.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || style.opacity === '0')
        continue;
      // An input drawn by its label (radio, checkbox, segmented control) is aimed at through the label.
      const drawnByLabel =
        control instanceof HTMLInputElement &&
        ['radio', 'checkbox'].includes(control.type) &&
        control.labels?.[0];
      // A field is aimed at by its visible box (a password field's input sits inside one).
      const box = control.closest('.mantine-Input-input') ?? control;
      const target = (drawnByLabel || box).getBoundingClientRect();
      if (control.matches('a') && control.parentElement?.textContent?.trim() !== control.textContent?.trim())
        continue;
      if (target.width < size || target.height < size) {
        const name =
          control.getAttribute('aria-label') ??
          control.textContent?.trim() ??
          control.getAttribute('name') ??
          '';
        small.push(
          `${control.tagName.toLowerCase()} “${name.slice(0, 40)}” ${Math.round(target.width)}×${Math.round(target.height)}`,
        );
      }
    }
    return small;
  }, min);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const screen of ['phone', 'desktop'] as const) {
    test.describe(`every page, ${screen}, ${scheme}`, () => {
      test.describe.configure({ timeout: 120_000 });
      test.use({
        viewport: screen === 'phone' ? PHONE : DESKTOP,
        timezoneId: BROWSER_ZONE,
        // The operating system says light; dark is the user's own choice, remembered by the browser.
        colorScheme: 'light',
      });
      for (const entry of APP_PAGES) {
        test.describe(() => {
          test.use({ role: entry.role });
          test(entry.name, async ({ page, seed, names }, testInfo) => {
            const data = await seedData(seed, (prefix) => names.unique(prefix));
            if (scheme === 'dark') {
              await page.addInitScript(() => localStorage.setItem('mantine-color-scheme-value', 'dark'));
            }
            const complaints = watchConsole(page, entry);
            const path = pathOf(entry, data);
            const response = await page.goto(path);
            expect(response?.status(), `${path}: status`).toBe(entry.status ?? 200);
            await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
            const heading =
              typeof entry.heading === 'string'
                ? page.getByRole('heading', { name: entry.heading, exact: true })
                : page.getByRole('heading', { name: entry.heading });
            await expect(heading).toBeVisible();
            await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
            await entry.show?.(page, data);
            // Transitions (an empty state fading out, a badge fading in) end before anything is measured.
            await page.waitForLoadState('networkidle');
            await page.waitForTimeout(300);

            const label = `${entry.name}, ${screen}, ${scheme}`;
            expect(await horizontalOverflow(page), `${label}: scrolls sideways by (px)`).toBe(0);
            expect(await truncatedBadges(page), `${label}: badges cut short`).toEqual([]);
            expect(await spillingCells(page), `${label}: table cells spilling over their neighbours`).toEqual(
              [],
            );
            const ids = [data.sku, data.warehouseBatch, data.shipment, data.orderid, data.outOfStockOrderid];
            expect(await brokenIds(page, ids), `${label}: ids broken over two lines`).toEqual([]);
            if (screen === 'phone') {
              expect(
                await smallTargets(page, MIN_TARGET),
                `${label}: touch targets under ${MIN_TARGET} px`,
              ).toEqual([]);
            }
            await expectAccessible(page, testInfo, label);
            if (screen === 'phone') {
              await page.setViewportSize({ width: NARROWEST, height: PHONE.height });
              await page.waitForTimeout(200);
              expect(
                await horizontalOverflow(page),
                `${label}: scrolls sideways at ${NARROWEST} px by (px)`,
              ).toBe(0);
            }
            expect(complaints, `${label}: console errors and warnings`).toEqual([]);
          });
        });
      }
    });
  }
}

test.describe('the colour scheme', () => {
  test.use({ role: 'operator', colorScheme: 'dark' });

  test('follows the operating system until the user chooses one, then keeps the choice', async ({ page }) => {
    const html = page.locator('html');
    await open(page, '/operator/allocate');
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

    await page.getByRole('button', { name: 'Switch between light and dark colours' }).click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  });
});

test.describe('the skip link', () => {
  test.use({ role: 'manager', viewport: PHONE });

  for (const scheme of ['light', 'dark'] as const) {
    test(`leaves no mark until focused, then shows and skips to the content (${scheme})`, async ({
      page,
    }) => {
      await page.addInitScript(
        (chosen) => localStorage.setItem('mantine-color-scheme-value', chosen),
        scheme,
      );
      await open(page, '/manager/batches');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      // Nothing of it is painted: no pixel inside the page, no outline or shadow.
      const unfocused = await skip.evaluate((link) => {
        const rect = link.getBoundingClientRect();
        const style = getComputedStyle(link);
        return { bottom: rect.bottom, right: rect.right, clip: style.clipPath, shadow: style.boxShadow };
      });
      expect(
        unfocused.bottom <= 0 || unfocused.right <= 0 || unfocused.clip === 'inset(50%)',
        `skip link painted at ${JSON.stringify(unfocused)}`,
      ).toBe(true);

      await page.keyboard.press('Tab');
      await expect(skip).toBeFocused();
      await expect(skip).toBeInViewport({ ratio: 1 });
      await page.keyboard.press('Enter');
      await expect(page.locator('#main')).toBeFocused();
    });
  }
});
