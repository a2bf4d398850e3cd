import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { AlertList } from './alert-list';

export const metadata: Metadata = { title: 'Out-of-stock alerts' };

export default function AlertsPage() {
  return (
    <>
      <PageHeader
        title="Out-of-stock alerts"
        description="Order lines no batch could take, newest first. Nothing was allocated for them."
      />
      <Suspense fallback={<Loading label="Loading…" />}>
        <AlertList />
      </Suspense>
    </>
  );
}
