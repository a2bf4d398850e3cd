import { DASHBOARD_MAX_PERIOD_MS } from '@allocation/domain';
import { z } from 'zod';
import { sku } from './fields.ts';
import { instant, TIME_RANGE_ORDER } from './queries.ts';

/** The dashboard's period presets: the last 24 hours, 7 days or 30 days up to now. */
export const DASHBOARD_PRESETS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type DashboardPreset = keyof typeof DASHBOARD_PRESETS;
export const DEFAULT_DASHBOARD_PRESET: DashboardPreset = '7d';

const MAX_DAYS = Math.floor(DASHBOARD_MAX_PERIOD_MS / 86_400_000);

/**
 * A period of the dashboard: a preset (up to the service's now), or a custom range (`from` and `to`,
 * ISO instants) of at most a year. Without either, the default preset.
 */
export const dashboardPeriodInput = z
  .object({
    preset: z
      .enum(Object.keys(DASHBOARD_PRESETS) as [DashboardPreset, ...DashboardPreset[]], {
        error: `Period must be one of ${Object.keys(DASHBOARD_PRESETS).join(', ')}`,
      })
      .optional(),
    from: instant('From').optional(),
    to: instant('To').optional(),
  })
  .superRefine((period, ctx) => {
    const custom = period.from !== undefined || period.to !== undefined;
    if (custom && period.preset !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'Choose a preset or a custom range, not both',
        path: ['preset'],
      });
      return;
    }
    if (!custom) return;
    if (period.from === undefined || period.to === undefined) {
      const missing = period.from === undefined ? 'from' : 'to';
      ctx.addIssue({ code: 'custom', message: 'A custom range needs a start and an end', path: [missing] });
      return;
    }
    const span = Date.parse(period.to) - Date.parse(period.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', message: TIME_RANGE_ORDER, path: ['to'] });
    else if (span > DASHBOARD_MAX_PERIOD_MS) {
      ctx.addIssue({ code: 'custom', message: `A range may span at most ${MAX_DAYS} days`, path: ['to'] });
    }
  });
export type DashboardPeriodInput = z.input<typeof dashboardPeriodInput>;

/** How many skus the "running out" list shows. */
export const RUNNING_OUT_LIMIT = 10;

export const dashboardResult = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  bucket: z.enum(['hour', 'day']),
  figures: z.object({
    skus: z.number().int(),
    purchased: z.number().int(),
    allocated: z.number().int(),
    available: z.number().int(),
    allocations: z.number().int(),
    unitsAllocated: z.number().int(),
    outOfStock: z.number().int(),
    fillRate: z.number().nullable(),
  }),
  allocations: z.array(
    z.object({ bucket: z.iso.datetime(), count: z.number().int(), units: z.number().int() }),
  ),
  outOfStock: z.array(
    z.object({ bucket: z.iso.datetime(), count: z.number().int(), units: z.number().int() }),
  ),
  runningOut: z.array(
    z.object({
      sku: z.string(),
      available: z.number().int(),
      allocatedPerDay: z.number(),
      daysOfCover: z.number(),
    }),
  ),
});

export const skuHistoryInput = z.object({ sku }).and(dashboardPeriodInput);

/** A sku's available stock per batch at the end of each bucket. */
export const skuHistoryResult = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  bucket: z.enum(['hour', 'day']),
  points: z.array(z.object({ bucket: z.iso.datetime(), batchref: z.string(), available: z.number().int() })),
});
