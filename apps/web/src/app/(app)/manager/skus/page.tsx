import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { SkuList } from '../../../../components/sku-list';
import { skuListQuery } from '../../../../lib/sku-list-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';

export const metadata: Metadata = { title: 'SKU overview' };

export default async function SkuOverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await prefetch(trpc.stock.skus.queryOptions(skuListQuery(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="SKU overview"
        description="Every SKU with the totals of its batches and its open out-of-stock alerts. Open one to see its batches."
        actions={<DownloadCsvButton list="skus" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <SkuList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
