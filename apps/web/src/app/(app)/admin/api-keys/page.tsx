import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { ApiKeysAdmin } from './api-keys-admin';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  await prefetch(trpc.admin.apiKeys.list.queryOptions());
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys other systems send to the REST API (Authorization: Bearer <key>). A key's role limits it like a user's: manager reads, operator also changes stock."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <ApiKeysAdmin />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
