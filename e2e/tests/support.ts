import { type APIRequestContext, expect, type Page } from '@playwright/test';

let counter = 0;

/** A name no other test (or earlier run) uses: every test owns its data. */
export function unique(prefix: string): string {
  counter += 1;
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
  return `${prefix}-${stamp}`.toUpperCase();
}

/** Seeds data through the app's own tRPC endpoint, for tests whose feature is not the seeding. */
export function api(request: APIRequestContext) {
  async function mutate(path: string, input: unknown) {
    const response = await request.post(`/api/trpc/${path}`, { data: input });
    expect(
      response.ok(),
      `${path} ${JSON.stringify(input)} → ${response.status()} ${await response.text()}`,
    ).toBe(true);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }
  return {
    createBatch: (ref: string, sku: string, qty: number, eta: string | null = null) =>
      mutate('batch.create', { ref, sku, qty, eta }),
    allocate: (orderid: string, sku: string, qty: number) =>
      mutate('allocation.allocate', { orderid, sku, qty }),
  };
}

/** The rows of a table as arrays of cell texts. */
export async function rows(page: Page, tableName: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: tableName });
  await expect(table).toBeVisible();
  return table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
}
