import { test as base } from '@playwright/test';
import type Redis from 'ioredis';
import { AlertsPage } from './pages/alerts-page';
import { AllocatePage } from './pages/allocate-page';
import { BatchListPage } from './pages/batch-list-page';
import { BatchesPage } from './pages/batches-page';
import { DeadLettersPage } from './pages/dead-letters-page';
import { DeallocatePage } from './pages/deallocate-page';
import { NotificationsPage } from './pages/notifications-page';
import { OrdersPage } from './pages/orders-page';
import { Shell } from './pages/shell';
import { SkuListPage } from './pages/sku-list-page';
import { StockPage } from './pages/stock-page';
import { type Role, storageStateOf } from './support/accounts';
import { Names } from './support/names';
import { connectRedis } from './support/redis';
import { Seed } from './support/seed';

interface Options {
  /**
   * Who the test's browser (`page`, `request`) is signed in as: `test.use({ role: 'manager' })`; none
   * (anonymous) unless a spec says so. The sessions are made once per run by roles.setup.ts.
   */
  role: Role | undefined;
}

interface Fixtures {
  /** Unique names for everything the test creates; the tag is recorded in the report. */
  names: Names;
  /** Seeds data as an operator, whatever the test's own role. */
  seed: Seed;
  /** Redis, or the test is skipped saying why. */
  redis: Redis;
  shell: Shell;
  allocatePage: AllocatePage;
  batchesPage: BatchesPage;
  deallocatePage: DeallocatePage;
  stockPage: StockPage;
  ordersPage: OrdersPage;
  batchListPage: BatchListPage;
  alertsPage: AlertsPage;
  skuListPage: SkuListPage;
  notificationsPage: NotificationsPage;
  deadLettersPage: DeadLettersPage;
}

export const test = base.extend<Fixtures & Options>({
  role: [undefined, { option: true }],
  storageState: async ({ role }, use) => use(role ? storageStateOf(role) : undefined),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture uses from this pattern
  names: async ({}, use, testInfo) => {
    const names = new Names();
    testInfo.annotations.push({ type: 'data tag', description: names.tag });
    await use(names);
  },
  seed: async ({ playwright, baseURL }, use) => {
    const operator = await playwright.request.newContext({
      baseURL,
      storageState: storageStateOf('operator'),
    });
    try {
      await use(new Seed(operator));
    } finally {
      await operator.dispose();
    }
  },
  // biome-ignore lint/correctness/noEmptyPattern: as above
  redis: async ({}, use, testInfo) => {
    const redis = await connectRedis(testInfo);
    if (!redis) return;
    try {
      await use(redis);
    } finally {
      redis.disconnect();
    }
  },
  shell: async ({ page }, use) => use(new Shell(page)),
  allocatePage: async ({ page }, use) => use(new AllocatePage(page)),
  batchesPage: async ({ page }, use) => use(new BatchesPage(page)),
  deallocatePage: async ({ page }, use) => use(new DeallocatePage(page)),
  stockPage: async ({ page }, use) => use(new StockPage(page)),
  ordersPage: async ({ page }, use) => use(new OrdersPage(page)),
  batchListPage: async ({ page }, use) => use(new BatchListPage(page)),
  alertsPage: async ({ page }, use) => use(new AlertsPage(page)),
  skuListPage: async ({ page }, use) => use(new SkuListPage(page)),
  notificationsPage: async ({ page }, use) => use(new NotificationsPage(page)),
  deadLettersPage: async ({ page }, use) => use(new DeadLettersPage(page)),
});

export { expect } from '@playwright/test';
