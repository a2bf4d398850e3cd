import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { pagingFromParams } from '../../../../lib/paging';
import { accessOf, requireActor } from '../../../../lib/session';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { DeadLetterList } from './dead-letter-list';

export const metadata: Metadata = { title: 'Dead letters' };

export default async function DeadLettersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  await prefetch(trpc.deadLetter.list.queryOptions(pagingFromParams(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Messages from other systems (over Redis) that could not be handled, kept aside exactly as received, with why. Newest first. An admin can replay a letter (handled again as the consumer would, through the same inbox: a message that already took effect changes nothing) or discard it; either way it is kept for the record."
        actions={<DownloadCsvButton list="dead-letters" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          {/* The buttons only for admins; the server refuses everyone else anyway. */}
          <DeadLetterList canAct={accessOf(actor.role).administer} />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
