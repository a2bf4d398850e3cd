import type { Metadata } from 'next';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { DeallocateWorkspace } from './deallocate-workspace';

export const metadata: Metadata = { title: 'Deallocate' };

export default function DeallocatePage() {
  return (
    <>
      <PageHeader
        title="Deallocate an order line"
        description="The customer cancelled: the line leaves its batch, its stock is available again, and it is not re-allocated."
      />
      <DeallocateWorkspace />
      <Hydrated />
    </>
  );
}
