import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { UsersAdmin } from './users-admin';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  await prefetch(trpc.admin.users.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Users"
        description="Who may sign in, and with which role: managers read, operators also change stock, admins also manage users and API keys."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <UsersAdmin />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
