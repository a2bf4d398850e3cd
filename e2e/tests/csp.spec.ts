import type { Page, Response } from '@playwright/test';
import { expect, test } from './fixtures';
import { APP_PAGES, type PageData, pathOf } from './support/app-pages';
import { open } from './support/open';

// The Content-Security-Policy (no 'unsafe-eval'; scripts only with the request's nonce) must not break the
// app: every page renders, hydrates and reports no violation in the browser. Signed in as an admin, who
// may open every page; the sign-in and setup pages signed out.

/**
 * The app's signed-in pages (support/app-pages.ts, without their data), beside whatever the navigation
 * links to (so new screens are checked too).
 */
const PAGES = APP_PAGES.filter((entry) => entry.role).map(
  (entry) => new URL(pathOf(entry, {} as PageData), 'http://app').pathname,
);

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Records every violation the browser reports, from before the page's first script, and every console complaint about one. */
async function watchViolations(page: Page): Promise<string[]> {
  const complaints: string[] = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content security policy|refused to/i.test(message.text())) {
      complaints.push(`console: ${message.text()}`);
    }
  });
  // Other page errors are not this test's subject (a blocked script shows as a violation above), but
  // they go in the report.
  page.on('pageerror', (error) =>
    test.info().annotations.push({ type: 'page error', description: `${page.url()}: ${error.message}` }),
  );
  return complaints;
}

/**
 * Until the page's code has loaded and run: the screens mark `<html data-hydrated>`; a page that does
 * not (a new screen, the 404 page) is given until the network is quiet.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page
    .locator('html[data-hydrated]')
    .waitFor({ state: 'attached', timeout: 10_000 })
    .catch(() => page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined));
  // Late arrivals (lazy chunks, styles added after hydration).
  await page.waitForTimeout(300);
}

async function violationsOn(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

function expectPolicy(response: Response | null, path: string): string {
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy, `${path}: Content-Security-Policy`).toMatch(/script-src [^;]*'nonce-[^']+'/);
  expect(policy, `${path}: no eval`).not.toContain('unsafe-eval');
  expect(policy, `${path}: no framing`).toContain("frame-ancestors 'none'");
  const headers = response?.headers() ?? {};
  expect(headers['x-content-type-options'], `${path}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${path}: Referrer-Policy`).toBe('strict-origin-when-cross-origin');
  return policy;
}

test.describe('signed in', () => {
  test.use({ role: 'admin' });
  test.describe.configure({ timeout: 180_000 });

  test('every page passes the Content-Security-Policy with no violation', async ({ page, shell }) => {
    const complaints = await watchViolations(page);
    await open(page, '/manager/stock');
    const linked = await page
      .getByRole('navigation')
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    const paths = [...new Set([...PAGES, ...linked])];

    const nonces = new Set<string>();
    for (const path of paths) {
      const response = await page.goto(path);
      await settle(page);
      const policy = expectPolicy(response, path);
      nonces.add(/'nonce-([^']+)'/.exec(policy)?.[1] ?? '');
      expect(await violationsOn(page), `CSP violations on ${path}`).toEqual([]);
    }
    // A nonce is new on every request.
    expect(nonces.size).toBe(paths.length);

    // A client-side navigation loads more code: still nothing refused.
    await open(page, '/manager/stock');
    await shell.managerNav.getByRole('link', { name: /Batch list/ }).click();
    await expect(shell.heading('Batch list')).toBeVisible();
    expect(await violationsOn(page)).toEqual([]);
    expect(complaints).toEqual([]);
  });
});

test('the sign-in and setup pages pass the policy too, and API responses allow nothing', async ({
  page,
  request,
}) => {
  const complaints = await watchViolations(page);
  for (const path of ['/sign-in', '/setup']) {
    const response = await page.goto(path);
    await settle(page);
    expectPolicy(response, path);
    expect(await violationsOn(page), `CSP violations on ${path}`).toEqual([]);
  }
  expect(complaints).toEqual([]);

  for (const path of ['/api/health', '/api/openapi.json']) {
    const headers = (await request.get(path)).headers();
    expect(headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  }
});
