import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { dashboardPeriod, dashboardSku, isValidDashboardPeriod } from '../../../../lib/dashboard-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { DashboardView } from './dashboard-view';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await urlParams(searchParams);
  const period = dashboardPeriod(params);
  const sku = dashboardSku(params);
  // A URL whose period breaks the rules asks nothing; the period form shows why.
  const valid = isValidDashboardPeriod(period);
  await prefetch(
    ...(valid ? [trpc.dashboard.overview.queryOptions(period)] : []),
    ...(valid && sku ? [trpc.dashboard.skuHistory.queryOptions({ sku, ...period })] : []),
  );
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="How stock moved over a period: what was allocated, what ran out, and which SKUs will run out first."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <DashboardView />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
