import type { Metadata } from 'next';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { AllocateWorkspace } from './allocate-workspace';

export const metadata: Metadata = { title: 'Allocate' };

export default function AllocatePage() {
  return (
    <>
      <PageHeader
        title="Allocate an order line"
        description="The line goes to warehouse stock first, then to the batch arriving soonest."
      />
      <AllocateWorkspace />
      <Hydrated />
    </>
  );
}
