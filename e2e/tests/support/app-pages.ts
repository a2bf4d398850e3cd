import { expect, type Page } from '@playwright/test';
import { AllocatePage } from '../pages/allocate-page';
import { BatchesPage } from '../pages/batches-page';
import { DeallocatePage } from '../pages/deallocate-page';
import type { Role } from './accounts';
import { publishIfHeard } from './redis';

/** What the sweep seeds before opening a page, so that its tables, badges and totals are there. */
export interface PageData {
  /** A sku with a warehouse batch and a shipment, one order allocated, one out of stock. */
  readonly sku: string;
  readonly warehouseBatch: string;
  readonly shipment: string;
  /** An order with a line allocated. */
  readonly orderid: string;
  /** An order whose line nothing could take (an out-of-stock alert, a notification). */
  readonly outOfStockOrderid: string;
  /** A new name each time, for what a page creates itself (a batch, an order). */
  readonly unique: (prefix: string) => string;
}

export interface AppPage {
  /** What the tests call it. */
  readonly name: string;
  /** Where it is; with data, where it shows that data. */
  readonly path: string | ((data: PageData) => string);
  /** Who opens it: the role whose work it is (undefined: signed out). */
  readonly role: Role | undefined;
  /** Its main heading: the page is there when it shows. */
  readonly heading: string | RegExp;
  /** The HTTP status of the page itself (200 unless said). */
  readonly status?: number;
  /** What the user does on the page before it is looked at (pages that show data only after a command). */
  readonly show?: (page: Page, data: PageData) => Promise<void>;
}

/**
 * Every page of the app, each as the role that works on it, with data (first-run setup is left out:
 * it shows only on an empty instance). A new page is one line here: the sweep (every-page.spec.ts)
 * and the Content-Security-Policy test open every page listed.
 */
export const APP_PAGES: readonly AppPage[] = [
  { name: 'sign in', path: '/sign-in', role: undefined, heading: 'Sign in' },
  {
    name: 'allocate',
    path: '/operator/allocate',
    role: 'operator',
    heading: 'Allocate an order line',
    show: async (page, data) => {
      const allocate = new AllocatePage(page);
      await allocate.allocate({ orderid: data.unique('ORDER'), sku: data.sku, qty: 1 });
      await allocate.stockOf(data.sku).rows();
    },
  },
  {
    name: 'batches',
    path: '/operator/batches',
    role: 'operator',
    heading: 'Batches',
    show: async (page, data) => {
      const batches = new BatchesPage(page);
      await batches.addBatch({ ref: data.unique('BATCH'), sku: data.sku, qty: 5, eta: '' });
      await batches.stockOf(data.sku).rows();
    },
  },
  {
    name: 'deallocate',
    path: '/operator/deallocate',
    role: 'operator',
    heading: 'Deallocate an order line',
    show: async (page, data) => {
      const deallocate = new DeallocatePage(page);
      await deallocate.orderId.fill(data.orderid);
      await deallocate.linesOf(data.orderid).rows();
    },
  },
  {
    name: 'dashboard',
    path: (d) => `/manager/dashboard?period=24h&sku=${d.sku}`,
    role: 'manager',
    heading: 'Dashboard',
  },
  {
    name: 'SKU overview',
    path: (d) => `/manager/skus?q=${d.sku}`,
    role: 'manager',
    heading: 'SKU overview',
  },
  {
    name: 'stock by SKU',
    path: (d) => `/manager/stock?sku=${d.sku}`,
    role: 'manager',
    heading: 'Stock by SKU',
  },
  {
    name: 'order allocations',
    path: (d) => `/manager/orders?orderid=${d.orderid}`,
    role: 'manager',
    heading: 'Order allocations',
  },
  {
    name: 'batch list',
    path: (d) => `/manager/batches?sku=${d.sku}`,
    role: 'manager',
    heading: 'Batch list',
  },
  {
    name: 'out-of-stock alerts',
    path: (d) => `/manager/alerts?sku=${d.sku}`,
    role: 'manager',
    heading: 'Out-of-stock alerts',
  },
  { name: 'activity', path: (d) => `/manager/activity?sku=${d.sku}`, role: 'manager', heading: 'Activity' },
  { name: 'notifications', path: '/manager/notifications', role: 'manager', heading: 'Notifications' },
  {
    // An admin's view: a letter with the buttons only admins have (when a worker listens on Redis).
    name: 'dead letters',
    path: '/manager/dead-letters',
    role: 'admin',
    heading: 'Dead letters',
    show: async (page, data) => {
      const batchref = data.unique('LETTER');
      if (!(await publishIfHeard('change_batch_quantity', `{"batchref": "${batchref}", "qty":`))) return;
      const letter = page.getByRole('row').filter({ hasText: batchref });
      await expect
        .poll(
          async () => {
            await page.reload();
            return letter.count();
          },
          { timeout: 20_000, intervals: [500] },
        )
        .toBe(1);
    },
  },
  { name: 'users', path: '/admin/users', role: 'admin', heading: 'Users' },
  { name: 'API keys', path: '/admin/api-keys', role: 'admin', heading: 'API keys' },
  {
    name: 'not found',
    path: '/no/such/page',
    role: 'manager',
    heading: 'There is no such page',
    status: 404,
  },
  {
    name: 'refused to a role',
    path: '/operator/allocate',
    role: 'manager',
    heading: /may not change stock/,
  },
];

/** The address of a page, with the data it shows. */
export const pathOf = (entry: AppPage, data: PageData) =>
  typeof entry.path === 'string' ? entry.path : entry.path(data);
