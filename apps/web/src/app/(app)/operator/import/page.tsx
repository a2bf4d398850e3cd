import type { Metadata } from 'next';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { ImportWorkspace } from './import-workspace';

export const metadata: Metadata = { title: 'Import CSV' };

export default function ImportPage() {
  return (
    <>
      <PageHeader
        title="Import CSV"
        description="A supplier’s batch list or a day’s order lines from a file: every row is checked first, and nothing is applied while any row is wrong."
      />
      <ImportWorkspace />
      <Hydrated />
    </>
  );
}
