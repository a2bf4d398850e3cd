import { batchListInput } from '@allocation/contracts';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { queryOf, stateFromParams } from '../../../../lib/batch-list-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { BatchList } from './batch-list';

export const metadata: Metadata = { title: 'Batch list' };

export default async function BatchListPage({ searchParams }: { searchParams: SearchParams }) {
  const query = queryOf(stateFromParams(await urlParams(searchParams)));
  // The list asks nothing while its filters are invalid; neither does the server.
  await prefetch(...(batchListInput.safeParse(query).success ? [trpc.batch.list.queryOptions(query)] : []));
  return (
    <>
      <PageHeader
        title="Batch list"
        description="Every batch; filter, sort and page are done by the server."
        actions={<DownloadCsvButton list="batches" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <BatchList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
