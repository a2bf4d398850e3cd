import {
  DASHBOARD_PRESETS,
  type DashboardPeriodInput,
  DEFAULT_DASHBOARD_PRESET,
  dashboardPeriodInput,
  dashboardResult,
  RUNNING_OUT_LIMIT,
  skuHistoryInput,
  skuHistoryResult,
} from '@allocation/contracts';
import { type BucketCount, bucketFor, bucketsOf, type Clock, type DashboardPeriod } from '@allocation/domain';
import { managerProcedure } from '../trpc.ts';

/** A preset ends at the service's now (its clock), so a prefetched page and the browser ask the same. */
function periodOf(input: DashboardPeriodInput, clock: Clock): DashboardPeriod {
  let from: Date;
  let to: Date;
  if (input.from !== undefined && input.to !== undefined) {
    from = new Date(input.from);
    to = new Date(input.to);
  } else {
    to = clock.now();
    from = new Date(to.getTime() - DASHBOARD_PRESETS[input.preset ?? DEFAULT_DASHBOARD_PRESET]);
  }
  return { from, to, bucket: bucketFor(from, to) };
}

/** Every bucket of the period, those without any event as zero: a chart's time axis has no gaps. */
function everyBucket(counts: readonly BucketCount[], period: DashboardPeriod) {
  const byStart = new Map(counts.map((c) => [c.bucket.getTime(), c]));
  return bucketsOf(period).map((bucket) => {
    const found = byStart.get(bucket.getTime());
    return { bucket: bucket.toISOString(), count: found?.count ?? 0, units: found?.units ?? 0 };
  });
}

const iso = <T extends { bucket: Date }>(rows: readonly T[]) =>
  rows.map((row) => ({ ...row, bucket: row.bucket.toISOString() }));

export const dashboardQueries = {
  /** The period's figures and charts: allocations, out-of-stock per day, the skus closest to running out. */
  overview: managerProcedure
    .input(dashboardPeriodInput)
    .output(dashboardResult)
    .query(async ({ ctx, input }) => {
      const period = periodOf(input, ctx.clock);
      const history = ctx.stockHistory;
      const [figures, allocations, outOfStock, runningOut] = await Promise.all([
        history.dashboardFigures(period),
        history.allocationsOverTime(period),
        history.outOfStockPerDay(period),
        history.runningOut(period, RUNNING_OUT_LIMIT),
      ]);
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        bucket: period.bucket,
        figures,
        allocations: everyBucket(allocations, period),
        outOfStock: everyBucket(outOfStock, { ...period, bucket: 'day' }),
        runningOut,
      };
    }),
  /** One sku's available stock over the period, per batch (stacked in the chart). */
  skuHistory: managerProcedure
    .input(skuHistoryInput)
    .output(skuHistoryResult)
    .query(async ({ ctx, input }) => {
      const period = periodOf(input, ctx.clock);
      const points = await ctx.stockHistory.skuStockOverTime(input.sku, period);
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        bucket: period.bucket,
        points: iso(points),
      };
    }),
};
