import type { Metadata } from 'next';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { BatchWorkspace } from './batch-workspace';

export const metadata: Metadata = { title: 'Batches' };

export default function BatchesPage() {
  return (
    <>
      <PageHeader
        title="Batches"
        description="Add incoming or warehouse stock, and correct a batch’s quantity: lines it can no longer hold move to other batches."
      />
      <BatchWorkspace />
      <Hydrated />
    </>
  );
}
