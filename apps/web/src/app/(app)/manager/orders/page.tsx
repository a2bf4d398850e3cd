import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { OrderLookup } from './order-lookup';

export const metadata: Metadata = { title: 'Order allocations' };

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const orderid = (await urlParams(searchParams)).get('orderid')?.trim() ?? '';
  await prefetch(...(orderid ? [trpc.allocation.orderLines.queryOptions({ orderid })] : []));
  return (
    <>
      <PageHeader
        title="Order allocations"
        description="Each line of an order: the batch holding it, or why none does (out of stock, cancelled) and since when."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <OrderLookup />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
