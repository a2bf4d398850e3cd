import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { skuListQuery } from '../../../../lib/sku-list-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { StockLookup } from './stock-lookup';

export const metadata: Metadata = { title: 'Stock by SKU' };

export default async function StockPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await urlParams(searchParams);
  const sku = params.get('sku')?.trim() ?? '';
  // Without a sku, the page starts from the sku overview.
  await prefetch(
    sku ? trpc.stock.forSku.queryOptions({ sku }) : trpc.stock.skus.queryOptions(skuListQuery(params)),
  );
  return (
    <>
      <PageHeader
        title="Stock by SKU"
        description="Every batch of a SKU, warehouse stock first, then by eta: what was purchased, allocated and is still available. Pick a SKU from the overview, or type one."
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
