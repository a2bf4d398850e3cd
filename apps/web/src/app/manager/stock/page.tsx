import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { StockLookup } from './stock-lookup';

export const metadata: Metadata = { title: 'Stock by SKU' };

export default function StockPage() {
  return (
    <>
      <PageHeader
        title="Stock by SKU"
        description="Every batch of a SKU, warehouse stock first, then by eta: what was purchased, allocated and is still available."
      />
      <Suspense fallback={<Loading label="Loading…" />}>
        <StockLookup />
      </Suspense>
    </>
  );
}
