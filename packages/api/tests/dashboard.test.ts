import { describe, expect, it } from 'vitest';
import { createCaller } from '../src/index.ts';
import { fakeApi, rejection, userOf } from './support.ts';

const HOUR = 3_600_000;

async function warehouse() {
  const system = fakeApi();
  const { api, clock } = system;
  await api.batch.create({ ref: 'lamp-1', sku: 'LAMP', qty: 10, eta: null });
  clock.advance(HOUR);
  await api.allocation.allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 });
  await api.allocation.allocate({ orderid: 'o2', sku: 'LAMP', qty: 7 });
  clock.advance(HOUR);
  return system;
}

describe('the dashboard', () => {
  it('answers the last 7 days by default, by the day, up to the service’s now', async () => {
    const { deps, clock } = await warehouse();
    const manager = createCaller(deps, { actor: userOf('manager') });
    const overview = await manager.dashboard.overview({});
    expect(overview.to).toBe(clock.now().toISOString());
    expect(overview.from).toBe(new Date(clock.now().getTime() - 7 * 24 * HOUR).toISOString());
    expect(overview.bucket).toBe('day');
    expect(overview.figures).toMatchObject({
      skus: 1,
      purchased: 10,
      available: 6,
      allocations: 1,
      outOfStock: 1,
    });
    expect(overview.figures.fillRate).toBe(0.5);
    expect(overview.runningOut).toEqual([
      { sku: 'LAMP', available: 6, allocatedPerDay: 4 / 7, daysOfCover: 10.5 },
    ]);
  });

  it('answers the last 24 hours by the hour', async () => {
    const { api } = await warehouse();
    const overview = await api.dashboard.overview({ preset: '24h' });
    expect(overview.bucket).toBe('hour');
    // Every hour of the period, those without an allocation as zero.
    expect(overview.allocations).toHaveLength(24);
    expect(overview.allocations.filter((b) => b.count > 0)).toEqual([
      { bucket: '2026-01-01T10:00:00.000Z', count: 1, units: 4 },
    ]);
    expect(overview.allocations[0]).toEqual({ bucket: '2025-12-31T11:00:00.000Z', count: 0, units: 0 });
    expect(overview.outOfStock).toEqual([
      { bucket: '2025-12-31T00:00:00.000Z', count: 0, units: 0 },
      { bucket: '2026-01-01T00:00:00.000Z', count: 1, units: 7 },
    ]);
  });

  it('answers a custom range, and a sku’s stock per batch over it', async () => {
    const { api } = await warehouse();
    const range = { from: '2026-01-01T09:00:00.000Z', to: '2026-01-01T11:00:00.000Z' };
    const history = await api.dashboard.skuHistory({ sku: 'LAMP', ...range });
    expect(history.points).toEqual([
      { bucket: '2026-01-01T09:00:00.000Z', batchref: 'lamp-1', available: 10 },
      { bucket: '2026-01-01T10:00:00.000Z', batchref: 'lamp-1', available: 6 },
    ]);
  });

  it.each([
    [{ preset: '90d' }, 'Period must be one of 24h, 7d, 30d'],
    [{ from: '2026-01-01T00:00:00Z' }, 'A custom range needs a start and an end'],
    [
      { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'The end of the time range must not be before its start',
    ],
    [{ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'A range may span at most 367 days'],
    [
      { preset: '7d', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      'Choose a preset or a custom range, not both',
    ],
    [
      { from: 'yesterday', to: '2026-01-02T00:00:00Z' },
      'From must be a date and time (ISO 8601, with a zone)',
    ],
  ])('refuses the period %j, saying why', async (input, message) => {
    const { api } = fakeApi();
    const error = await rejection(api.dashboard.overview(input as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(message);
  });
});
