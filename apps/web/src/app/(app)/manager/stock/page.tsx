import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { StockLookup } from './stock-lookup';

export const metadata: Metadata = { title: 'Stock by SKU' };

export default async function StockPage({ searchParams }: { searchParams: SearchParams }) {
  const sku = (await urlParams(searchParams)).get('sku')?.trim() ?? '';
  await prefetch(...(sku ? [trpc.stock.forSku.queryOptions({ sku })] : []));
  return (
    <>
      <PageHeader
        title="Stock by SKU"
        description="Every batch of a SKU, warehouse stock first, then by eta: what was purchased, allocated and is still available."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <StockLookup />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
