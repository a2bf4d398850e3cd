import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { alertsQuery } from '../../../../lib/alerts-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { AlertList } from './alert-list';

export const metadata: Metadata = { title: 'Out-of-stock alerts' };

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  await prefetch(trpc.alert.outOfStock.queryOptions(alertsQuery(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Out-of-stock alerts"
        description="Order lines no batch could take, newest first. Nothing was allocated for them."
        actions={<DownloadCsvButton list="alerts" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <AlertList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
