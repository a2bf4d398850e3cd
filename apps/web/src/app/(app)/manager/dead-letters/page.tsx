import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { pagingFromParams } from '../../../../lib/paging';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { DeadLetterList } from './dead-letter-list';

export const metadata: Metadata = { title: 'Dead letters' };

export default async function DeadLettersPage({ searchParams }: { searchParams: SearchParams }) {
  await prefetch(trpc.deadLetter.list.queryOptions(pagingFromParams(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Messages from other systems (over Redis) that could not be handled, kept aside exactly as received, with why. Newest first."
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <DeadLetterList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
