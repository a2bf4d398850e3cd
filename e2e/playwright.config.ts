import { defineConfig } from '@playwright/test';
import { target } from './tests/support/target';

/** Debian's Chromium: Playwright's own browser download is unreachable here. */
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

// Ready when the database answers (503 until then), not merely when Next listens.
const readyUrl = `${target.baseURL}/api/health`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Generous: a shared staging instance or a busy CI machine answers slowly at times.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // CI counts tests from every workspace's reports/junit.xml; people read the HTML report.
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['junit', { outputFile: 'reports/junit.xml' }],
  ],
  outputDir: 'test-results',
  ...(target.managed ? {} : { globalSetup: './tests/support/check-target.ts' }),
  use: {
    baseURL: target.baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1360, height: 900 },
    launchOptions,
  },
  // Signed in once per run, not once per test: `first-run` creates the first admin through /setup (on the
  // suite's fresh database; skipped on an instance that has users), `roles` signs in as admin, operator
  // and manager (creating the two through the admin when missing) and saves each one's session in
  // .auth/<role>.json; every other test picks its role with `test.use({ role })` (tests/fixtures.ts).
  projects: [
    { name: 'first-run', testMatch: /first-run\.spec\.ts$/, use: { browserName: 'chromium' } },
    {
      name: 'roles',
      testMatch: /roles\.setup\.ts$/,
      dependencies: ['first-run'],
      use: { browserName: 'chromium' },
    },
    {
      name: 'chromium',
      testIgnore: [/first-run\.spec\.ts$/, /\.setup\.ts$/],
      dependencies: ['roles'],
      use: { browserName: 'chromium' },
    },
  ],
  // A running instance (E2E_BASE_URL) is used as it is; otherwise the suite serves the built app.
  webServer: target.managed
    ? {
        command: 'node scripts/serve.mjs',
        url: readyUrl,
        env: { E2E_PORT: new URL(target.baseURL).port },
        reuseExistingServer: false,
        timeout: 240_000,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      }
    : undefined,
});
