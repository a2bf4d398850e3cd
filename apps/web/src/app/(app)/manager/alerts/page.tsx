import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { alertsQuery } from '../../../../lib/alerts-query';
import { accessOf, requireActor } from '../../../../lib/session';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { AlertList } from './alert-list';

export const metadata: Metadata = { title: 'Out-of-stock alerts' };

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  // Operators may retry an open alert (the server checks again: allocating needs the operator role).
  const { operate } = accessOf((await requireActor()).role);
  await prefetch(trpc.alert.outOfStock.queryOptions(alertsQuery(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Out-of-stock alerts"
        description="Order lines no batch could take, newest first: open until the line is allocated after all, then resolved."
        actions={<DownloadCsvButton list="alerts" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <AlertList canRetry={operate} />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
