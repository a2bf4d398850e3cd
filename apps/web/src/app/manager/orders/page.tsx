import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { OrderLookup } from './order-lookup';

export const metadata: Metadata = { title: 'Order allocations' };

export default function OrdersPage() {
  return (
    <>
      <PageHeader title="Order allocations" description="Which batch holds each line of an order." />
      <Suspense fallback={<Loading label="Loading…" />}>
        <OrderLookup />
      </Suspense>
    </>
  );
}
