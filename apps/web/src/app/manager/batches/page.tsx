import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { BatchList } from './batch-list';

export const metadata: Metadata = { title: 'Batch list' };

export default function BatchListPage() {
  return (
    <>
      <PageHeader
        title="Batch list"
        description="Every batch; filter, sort and page are done by the server."
      />
      <Suspense fallback={<Loading label="Loading…" />}>
        <BatchList />
      </Suspense>
    </>
  );
}
