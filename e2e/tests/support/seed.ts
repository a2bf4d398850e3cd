import { type APIRequestContext, expect } from '@playwright/test';

/** Seeds data through the app's own tRPC endpoint, for tests whose feature is not the seeding. */
export class Seed {
  constructor(private readonly request: APIRequestContext) {}

  createBatch(ref: string, sku: string, qty: number, eta: string | null = null) {
    return this.mutate('batch.create', { ref, sku, qty, eta });
  }

  allocate(orderid: string, sku: string, qty: number) {
    return this.mutate('allocation.allocate', { orderid, sku, qty });
  }

  changeQuantity(ref: string, qty: number) {
    return this.mutate('batch.changeQuantity', { ref, qty });
  }

  /** How many dead letters the instance holds (a shared instance may hold some already). */
  async deadLetterTotal(): Promise<number> {
    const input = encodeURIComponent(JSON.stringify({ page: 1, pageSize: 10 }));
    const data = (await this.read(`deadLetter.list?input=${input}`)) as { total: number };
    return data.total;
  }

  private async mutate(path: string, input: unknown): Promise<unknown> {
    const response = await this.request.post(`/api/trpc/${path}`, { data: input });
    expect(
      response.ok(),
      `${path} ${JSON.stringify(input)} → ${response.status()} ${await response.text()}`,
    ).toBe(true);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }

  private async read(pathAndQuery: string): Promise<unknown> {
    const response = await this.request.get(`/api/trpc/${pathAndQuery}`);
    expect(response.ok(), `${pathAndQuery} → ${response.status()} ${await response.text()}`).toBe(true);
    return ((await response.json()) as { result: { data: unknown } }).result.data;
  }
}
